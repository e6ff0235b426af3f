# Zombie reaping as the machine's PID 1.
. /tests/lib.sh
probe zombies 1000; is $? 0 "1000 orphans made"
nz() { [ "$(ps -o stat | grep -c '^Z')" = 0 ]; }
poll 1000 nz; ok $? "PID 1 reaped them: no zombie left"
