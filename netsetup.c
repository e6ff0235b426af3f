/*
 * netsetup.c: networking of the sandbox. lo comes up by one ioctl; the
 * veth pair, its addresses and routes go over one rtnetlink socket per
 * namespace, messages built here by hand. Every request asks for an ack
 * and the reply is read and checked, so a failure has the kernel's own
 * errno (and its extended ack message, in net_kmsg). No mounts and no
 * cgroups here: /run/netns is netns.c's.
 *
 * The parent makes the pair with the peer born in the child's namespace
 * as eth0 (IFLA_NET_NS_PID), sets the host end up; the child, released
 * by the parent, configures eth0 and its default route before exec.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "minit.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/*
 * One interface ioctl on name (<= 15 bytes: options.c), on a socket of
 * the moment: with flags, set them (SIOCSIFFLAGS), 0; without, name's
 * ifindex (SIOCGIFINDEX). -errno on failure.
 */
static int
if_ioctl(const char *name, short flags)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name));
	ifr.ifr_flags = flags;
	r = ioctl(fd, flags ? SIOCSIFFLAGS : SIOCGIFINDEX, &ifr) < 0 ? -errno :
	    flags ? 0 : ifr.ifr_ifindex;
	close(fd);
	return r;
}

int
net_lo_up(void)
{
	/* lo's only flag in a new namespace is IFF_LOOPBACK, which the
	 * kernel does not let us change anyway: no SIOCGIFFLAGS needed.
	 * IFF_UP alone gives lo 127.0.0.1/8 and ::1. */
	return if_ioctl("lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
}

/* ---- rtnetlink, by hand ------------------------------------------------ */

enum {
	S_SOCKET, S_LIST, S_CREATE, S_HOST_ADDR, S_HOST_ADDR6, S_HOST_UP, S_HOST_ROUTE,
	S_ETH0, S_ADDR, S_ADDR6, S_UP, S_ROUTE, S_ROUTE6,
};
/* The steps' names, in the order of the enum above. */
static const char steps[] =
	"netlink socket\0" "list interfaces\0" "create the veth pair\0"
	"host end: add address\0" "host end: add IPv6 address\0"
	"host end: set up\0" "host end: route\0" "eth0: find\0"
	"eth0: add address\0" "eth0: add IPv6 address\0" "eth0: set up\0"
	"eth0: default route\0" "eth0: IPv6 default route";

const char *
net_step(int step)
{
	const char *s = steps;

	if (step < 0 || step > S_ROUTE6)
		return "network";
	while (step--)
		s += strlen(s) + 1;
	return s;
}

char net_kmsg[128];
static int nl = -1;		/* this namespace's socket */
static uint32_t seq;

union req {
	struct nlmsghdr h;
	char b[512];		/* the largest, the veth pair's, takes 136 */
};

/* A new request: the header and the zeroed family header after it. */
static void *
msg(union req *r, int type, int flags, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(len);
	r->h.nlmsg_type = (uint16_t)type;
	r->h.nlmsg_flags = (uint16_t)flags;
	return NLMSG_DATA(&r->h);
}

/* Append an attribute; a nest is put empty, then closed by end(). */
static struct rtattr *
put(struct nlmsghdr *h, int type, const void *d, size_t len)
{
	struct rtattr *a = (void *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	a->rta_type = (uint16_t)type;
	a->rta_len = (uint16_t)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), d, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void
end(struct nlmsghdr *h, struct rtattr *a)
{
	a->rta_len = (uint16_t)((char *)h + h->nlmsg_len - (char *)a);
}

static int
nl_open(void)
{
	int one = 1;

	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl < 0)
		return -errno;
	/* Errors without our request echoed, with the kernel's message;
	 * both are optional (older kernels): the errno is enough. */
	setsockopt(nl, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(nl, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

/* The extended ack's message, when the kernel sent one. */
static void
keep_kmsg(struct nlmsghdr *m, struct nlmsgerr *e)
{
	size_t off = NLMSG_ALIGN(sizeof(*e) + (m->nlmsg_flags & NLM_F_CAPPED ?
	    0 : e->msg.nlmsg_len - NLMSG_HDRLEN));
	struct rtattr *a = (void *)((char *)e + off);
	int len = (int)(m->nlmsg_len - NLMSG_HDRLEN - off);

	for (; off < m->nlmsg_len && RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == NLMSGERR_ATTR_MSG) {
			size_t n = RTA_PAYLOAD(a);
			if (n >= sizeof(net_kmsg))
				n = sizeof(net_kmsg) - 1;
			memcpy(net_kmsg, RTA_DATA(a), n);
			net_kmsg[n] = 0;
		}
}

/*
 * Send h and read until its ack (or, for a dump, until NLMSG_DONE);
 * each other reply of ours goes to each(). Returns the kernel's answer:
 * 0 or -errno, errno itself untouched by the reading.
 */
static int
talk(struct nlmsghdr *h, void (*each)(struct nlmsghdr *, void *), void *arg)
{
	char buf[8192] __attribute__((aligned(4)));
	int dump = (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

	h->nlmsg_flags |= NLM_F_REQUEST | (dump ? 0 : NLM_F_ACK);
	h->nlmsg_seq = ++seq;
	net_kmsg[0] = 0;
	if (send(nl, h, h->nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *m = (void *)buf;
		int n = (int)recv(nl, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n)) {
			struct nlmsgerr *e = NLMSG_DATA(m);

			if (m->nlmsg_seq != seq)
				continue;
			if (m->nlmsg_type == NLMSG_DONE)
				return 0;
			if (m->nlmsg_type != NLMSG_ERROR) {
				if (each)
					each(m, arg);
				continue;
			}
			if (m->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EPROTO;
			if (m->nlmsg_flags & NLM_F_ACK_TLVS)
				keep_kmsg(m, e);
			return e->error;
		}
	}
}

/*
 * The ifindex of name in this namespace, -ENODEV when there is none. By
 * ioctl, as if_nametoindex: a lookup under RCU, where an RTM_GETLINK
 * would queue for the rtnl lock behind every namespace being torn down.
 */
static int
link_index(const char *name)
{
	return if_ioctl(name, 0);
}

/* Set idx up (RTM_NEWLINK), or delete it (RTM_DELLINK). */
static int
link_req(int type, int idx)
{
	union req r;
	struct ifinfomsg *i = msg(&r, type, 0, sizeof(*i));

	i->ifi_index = idx;
	if (type == RTM_NEWLINK)
		i->ifi_flags = i->ifi_change = IFF_UP;
	return talk(&r.h, NULL, NULL);
}

int
net_link_del(int idx)
{
	return link_req(RTM_DELLINK, idx);
}

/* IPv6 addresses without duplicate address detection: usable at once,
 * not "tentative" for a second or two. */
static int
addr_add(int idx, const struct ipaddr *a)
{
	union req r;
	struct ifaddrmsg *m = msg(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(*m));

	m->ifa_family = a->len == 4 ? AF_INET : AF_INET6;
	m->ifa_prefixlen = a->plen;
	m->ifa_flags = IFA_F_NODAD;
	m->ifa_index = (unsigned)idx;
	put(&r.h, IFA_LOCAL, a->b, a->len);
	put(&r.h, IFA_ADDRESS, a->b, a->len);
	return talk(&r.h, NULL, NULL);
}

/* The default route via gw, on-link on idx whatever the prefixes; or,
 * without gw, dst's subnet on idx. */
static int
route_add(int idx, const struct ipaddr *dst, const struct ipaddr *gw)
{
	union req r;
	struct rtmsg *m = msg(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(*m));

	m->rtm_table = RT_TABLE_MAIN;
	m->rtm_protocol = RTPROT_BOOT;
	m->rtm_type = RTN_UNICAST;
	if (gw) {
		m->rtm_family = gw->len == 4 ? AF_INET : AF_INET6;
		m->rtm_flags = RTNH_F_ONLINK;
		put(&r.h, RTA_GATEWAY, gw->b, gw->len);
	} else {
		m->rtm_family = AF_INET;
		m->rtm_scope = RT_SCOPE_LINK;
		m->rtm_dst_len = dst->plen;
		put(&r.h, RTA_DST, dst->b, 4);
	}
	put(&r.h, RTA_OIF, &idx, sizeof(idx));
	return talk(&r.h, NULL, NULL);
}

/*
 * The kernel's own link-local address comes with duplicate address
 * detection too, and no netlink attribute turns that off: the sysctl,
 * per interface, before it is up. Best effort: without IPv6 (or /proc)
 * there is no address to wait for anyway.
 */
static void
no_dad(const char *ifname)
{
	char path[64];
	int fd;

	fmt_buf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/accept_dad", ifname);
	if ((fd = xopen(path, O_WRONLY)) >= 0) {
		if (write(fd, "0", 1) < 0)
			(void)0;
		close(fd);
	}
}

/* Either end, once it exists: no DAD, its addresses, up; the steps
 * are base (IPv4 address), base + 1 (IPv6), base + 2 (up). */
static int
end_up(const char *name, int idx, const struct ipaddr *ip,
    const struct ipaddr *ip6, int base, int *step)
{
	int e;

	no_dad(name);
	*step = base;
	if ((e = addr_add(idx, ip)) < 0)
		return e;
	*step = base + 1;
	if (ip6 && (e = addr_add(idx, ip6)) < 0)
		return e;
	*step = base + 2;
	return link_req(RTM_NEWLINK, idx);
}

/* ---- the pool ------------------------------------------------------------ */

struct used {
	int n;
	uint32_t a[256];	/* host order */
	uint8_t plen[256];
};

static void
got_addr(struct nlmsghdr *m, void *arg)
{
	struct used *u = arg;
	struct ifaddrmsg *ifa = NLMSG_DATA(m);
	struct rtattr *a = IFA_RTA(ifa);
	int len = (int)IFA_PAYLOAD(m);

	if (m->nlmsg_type != RTM_NEWADDR || u->n >= 256)
		return;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFA_LOCAL) {
			uint32_t v;
			memcpy(&v, RTA_DATA(a), 4);
			u->a[u->n] = ntohl(v);
			u->plen[u->n++] = ifa->ifa_prefixlen;
		}
}

static uint32_t
mask(int plen)
{
	return plen ? ~0U << (32 - plen) : 0;
}

/* The first /30 of the pool that overlaps no IPv4 address of this
 * namespace (the host ends of other runs included): .1 the host, .2
 * the sandbox. */
static int
pick(struct netconf *n)
{
	static struct used u;	/* 1.3 KiB: not on a stack */
	union req r;
	struct ifaddrmsg *m = msg(&r, RTM_GETADDR, NLM_F_DUMP, sizeof(*m));
	uint32_t base, c, v;
	uint64_t off;
	int e, i;

	m->ifa_family = AF_INET;
	u.n = 0;
	if ((e = talk(&r.h, got_addr, &u)) < 0)
		return e;
	memcpy(&v, n->pool.b, 4);
	base = ntohl(v) & mask(n->pool.plen);
	for (off = 0; off < 1ULL << (32 - n->pool.plen); off += 4) {
		c = base + (uint32_t)off;
		for (i = 0; i < u.n; i++) {
			uint32_t k = mask(u.plen[i] < 30 ? u.plen[i] : 30);
			if ((c & k) == (u.a[i] & k))
				break;
		}
		if (i < u.n)
			continue;
		n->host_ip = n->ip = n->pool;
		n->host_ip.plen = n->ip.plen = 30;
		v = htonl(c + 1);
		memcpy(n->host_ip.b, &v, 4);
		v = htonl(c + 2);
		memcpy(n->ip.b, &v, 4);
		return 0;
	}
	return -ENOSPC;
}

/*
 * Before the clone: the host end's name (the default one made unique,
 * a given one refused when it exists: -EEXIST) and the addresses from
 * the pool when none were given (-ENOSPC when it is full).
 */
int
net_prepare(struct netconf *n)
{
	int e, k = 0, pid = (int)getpid();

	if (nl < 0 && (e = nl_open()) < 0)
		return e;
	if (!*n->veth) {
		fmt_buf(n->hostif, sizeof(n->hostif), "minit%d", pid);
		while ((e = link_index(n->hostif)) > 0 && k < 26)
			fmt_buf(n->hostif, sizeof(n->hostif), "minit%d%c", pid, 'a' + k++);
		n->veth = n->hostif;
	} else
		e = link_index(n->veth);
	if (e != -ENODEV)
		return e < 0 ? e : -EEXIST;
	return n->ip.len ? 0 : pick(n);
}

/* The parent's side, while the child waits: the pair, eth0 born in the
 * child's namespace, and the host end's addresses, up. */
int
net_veth_host(struct netconf *n, pid_t pid, int *step)
{
	union req r;
	struct ifinfomsg peer;
	struct rtattr *li, *d, *p;
	int32_t nspid = (int32_t)pid;
	struct ipaddr dst, h;
	int e;

	*step = S_CREATE;
	memset(&peer, 0, sizeof(peer));
	msg(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg));
	put(&r.h, IFLA_IFNAME, n->veth, strlen(n->veth) + 1);
	li = put(&r.h, IFLA_LINKINFO, NULL, 0);
	put(&r.h, IFLA_INFO_KIND, "veth", 5);
	d = put(&r.h, IFLA_INFO_DATA, NULL, 0);
	p = put(&r.h, VETH_INFO_PEER, &peer, sizeof(peer));
	put(&r.h, IFLA_IFNAME, "eth0", 5);
	put(&r.h, IFLA_NET_NS_PID, &nspid, sizeof(nspid));
	end(&r.h, p);
	end(&r.h, d);
	end(&r.h, li);
	if ((e = talk(&r.h, NULL, NULL)) < 0 || (e = link_index(n->veth)) < 0)
		return e;
	n->hostidx = e;
	if ((e = end_up(n->veth, e, &n->host_ip, n->ip6.len ? &n->host_ip6 : NULL,
	    S_HOST_ADDR, step)) < 0)
		return e;
	/* --host-ip in another subnet than --ip: the way back. */
	*step = S_HOST_ROUTE;
	dst = n->ip;
	parse_ip_net(&n->ip, dst.b);
	h = n->host_ip;
	h.plen = n->ip.plen;
	parse_ip_net(&h, h.b);
	return memcmp(h.b, dst.b, 4) ? route_add(n->hostidx, &dst, NULL) : 0;
}

/* The child's side, in its own namespace: eth0's addresses, up, the
 * default routes via the host end. On a socket of its own, closed at
 * the end like the parent's copy: with --pid this process stays, as the
 * sandbox's init, and must hold nothing of the host's namespace. */
int
net_eth0_setup(const struct netconf *n, int *step)
{
	int e, idx;

	close(nl);
	*step = S_SOCKET;
	if ((e = nl_open()) < 0)
		return e;
	*step = S_ETH0;
	if ((idx = link_index("eth0")) < 0)
		return idx;
	if ((e = end_up("eth0", idx, &n->ip, n->ip6.len ? &n->ip6 : NULL,
	    S_ADDR, step)) < 0)
		return e;
	*step = S_ROUTE;
	if ((e = route_add(idx, NULL, &n->host_ip)) < 0)
		return e;
	*step = S_ROUTE6;
	if (n->ip6.len && (e = route_add(idx, NULL, &n->host_ip6)) < 0)
		return e;
	close(nl);
	return 0;
}
