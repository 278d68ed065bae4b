"""Resource providers: the contract (base.py), the registry (registry.py) and the ROS-native types."""
