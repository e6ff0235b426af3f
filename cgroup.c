/*
 * cgroup.c: the run's own cgroup. Not built yet: the limit options refuse.
 */
#include <errno.h>
#include <stdio.h>

#include "minit.h"

int
cgroup_create(const struct conf *c, struct cgroup **out, char *what, size_t wlen)
{
	(void)c;
	*out = NULL;
	snprintf(what, wlen, "--mem/--cpus/--pids: cgroup limits are not built yet");
	return -ENOSYS;
}

int cgroup_clone_fd(const struct cgroup *cg) { (void)cg; return -1; }
int cgroup_attach(pid_t pid, void *cg) { (void)pid; (void)cg; return -ENOSYS; }
void cgroup_report(struct cgroup *cg, const struct conf *c, int status, int oom, long long ms)
{ (void)cg; (void)c; (void)status; (void)oom; (void)ms; }
void cgroup_destroy(struct cgroup *cg) { (void)cg; }
