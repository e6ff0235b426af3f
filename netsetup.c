/*
 * netsetup.c: networking inside a fresh network namespace.
 * Today: bring lo up. A new namespace has lo, down and without
 * addresses; setting IFF_UP is all it takes, because the kernel then
 * gives it 127.0.0.1/8 and ::1 itself (one ioctl, no netlink round trip).
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>

#include "minit.h"

int
net_lo_up(void)
{
	struct ifreq ifr;
	int fd, r = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	/* lo's only flag in a new namespace is IFF_LOOPBACK, which the
	 * kernel does not let us change anyway: no SIOCGIFFLAGS needed. */
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		r = -errno;
	close(fd);
	return r;
}
