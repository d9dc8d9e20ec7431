# Imported by Python processes a handler starts (PYTHONPATH): their requests to the embedded server carry the
# invocation's action id like the handler's own (python-bootstrap.py), so a function that writes back into its
# bucket through a child process (aws-cli, a script) is still seen by the recursion guard. Without
# BUCKETSCOPE_ACTION_TOKEN (set per invocation by the bootstraps) nothing changes.
import os

_token = os.environ.get("BUCKETSCOPE_ACTION_TOKEN")
_header = os.environ.get("BUCKETSCOPE_ACTION_HEADER")
_hosts = [h for h in os.environ.get("BUCKETSCOPE_TAG_HOSTS", "").split(",") if h]

if _token and _header and _hosts:
    import http.client

    _original_putrequest = http.client.HTTPConnection.putrequest

    def _tagged_putrequest(self, *args, **kwargs):
        _original_putrequest(self, *args, **kwargs)
        try:
            if f"{self.host}:{self.port}" in _hosts:
                self.putheader(_header, _token)
        except Exception:
            pass

    http.client.HTTPConnection.putrequest = _tagged_putrequest
