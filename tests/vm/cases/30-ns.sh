# Namespace options on this kernel.
. /tests/lib.sh
is "$(minit --pid -- sh -c 'echo $$')" 2 "--pid: the command is PID 2"
is "$(minit --pid -- cat /proc/1/comm)" minit "--pid: PID 1 inside is minit"
like "$(minit --net -- ip link show lo)" "UP" "--net: lo up"
is "$(minit --net -- ip -o link | wc -l)" 1 "--net: only lo"
is "$(minit --hostname vmbox -- hostname)" vmbox "--hostname"
is "$(minit --user --pid -- id -u)" 0 "--user: uid 0 inside"
ipcmk -M 4096 >/dev/null 2>&1 && { id=$(ipcs -m | awk '$1 ~ /^0x/ {print $2}' | tail -1)
	out=$(minit --ipc -- ipcs -m); rc=$?
	is "$rc:$(echo "$out" | grep -c "^0x")" "0:0" "--ipc: ipcs runs, no segment inside"; ipcrm -m "$id"; }
is "$(minit -n -- sh -c 'echo $$')" 2 "--isolate"
minit --pid --time --cgroupns -- true; is $? 0 "--time --cgroupns"
