#!/bin/bash
# --uts/--hostname and --ipc: the sandbox's own hostname and SysV IPC.
. "$(dirname "$0")/lib.sh"
need_root
host=$(hostname)
is "$("$MINIT" --hostname sbx-$$ -- hostname)" "sbx-$$" "--hostname sets the sandbox's name"
is "$(hostname)" "$host" "the host's name is unchanged"
is "$("$MINIT" --uts -- hostname)" "$host" "--uts alone starts with the host's name"

id=$(ipcmk -M 4096 | grep -o '[0-9]*$')
CLEANUP="ipcrm -m $id 2>/dev/null; $CLEANUP"
like "$(ipcs -m)" "\b$id\b" "a SysV segment exists outside"
inside=$("$MINIT" --ipc -- ipcs -m); rc=$?
is $rc 0 "ipcs runs inside --ipc"
like "$inside" "Shared Memory Segments" "... and lists the segments (an empty output proves nothing)"
ok $(printf '%s' "$inside" | grep -qw "$id"; [ $? -ne 0 ]; echo $?) "it is not visible inside --ipc"
like "$("$MINIT" -- ipcs -m)" "\b$id\b" "and is visible without --ipc"
done_testing
