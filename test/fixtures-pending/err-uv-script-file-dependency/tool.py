# /// script
# dependencies = ["mylib @ file:///work/mylib", "rich"]
# ///
import rich
