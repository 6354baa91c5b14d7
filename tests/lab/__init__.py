"""The local lab: an emulated Fuel 9 HA environment that deploys the plugin's task graph."""
