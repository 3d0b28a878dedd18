# /// script
# requires-python = ">=3.12"
# dependencies = [
#     "flyte==2.6.5",
#     "httpx>=0.27",
#     "rich",
# ]
# ///
import httpx

print(httpx.get("https://example.com").status_code)
