/*
 * boot.c: minit as the kernel's /init. Not built yet: --boot refuses.
 */
#include <stdlib.h>
#include <unistd.h>

#include "minit.h"

int
boot_prepare(const struct conf *c)
{
	(void)c;
	return -1;
}

void
boot_finish(int status)
{
	_exit(status);
}
