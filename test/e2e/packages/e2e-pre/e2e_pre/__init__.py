VERSION = "2.0.0rc1, a pre-release"
