print("custom app")
