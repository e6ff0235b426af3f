#!/bin/sh
# Runs in the VM as minit's command (minit is the machine's PID 1): each
# case of /tests/cases prints TAP lines; the host renumbers them.
echo "=== guest begin"
for c in /tests/cases/*.sh; do
	echo "=== case ${c##*/}"
	sh "$c" 2>&1
	echo "=== case end ${c##*/}"
done
echo "=== guest end"
