# Core task netconfig (lab): the lab wired the management address; check it is there.
set -eu
ip -4 -o addr show | grep -q " $LAB_ADDRESS/" || { echo "management address $LAB_ADDRESS is missing"; exit 1; }
