# Bootstrap of one warm Python function instance, started by electron/main/functions/python-instance.ts.
# Protocol: one JSON request per line on stdin; JSON messages per line on fd 3. The handler's print()
# output is captured as timestamped log lines of the current invocation.
# The handler is the user's own trusted code: a separate process isolates memory, not privileges.
import http.client
import importlib.util
import io
import json
import os
import sys
import time
import traceback

config = json.loads(sys.argv[1])
proto = os.fdopen(3, "w", buffering=1, encoding="utf-8")
current = {"requestId": None, "actionToken": None, "last": None}


def send(message):
    proto.write(json.dumps(message, default=str) + "\n")
    proto.flush()


def finite(value):
    """NaN and infinities have no JSON (json.dumps writes a bare NaN, which the app cannot parse, and the
    invocation waited for its timeout): show them by name, as strings."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class Capture(io.TextIOBase):
    """Turns writes into one log message per line."""

    def __init__(self, stream):
        self.stream = stream
        self.partial = ""

    def writable(self):
        return True

    def write(self, text):
        self.partial += text
        *lines, self.partial = self.partial.split("\n")
        for line in lines:
            send({"type": "log", "requestId": current["requestId"], "after": None if current["requestId"] else current["last"], "stream": self.stream, "time": time.time() * 1000, "text": line})
        return len(text)

    def flush(self):
        if self.partial:
            line, self.partial = self.partial, ""
            send({"type": "log", "requestId": current["requestId"], "after": None if current["requestId"] else current["last"], "stream": self.stream, "time": time.time() * 1000, "text": line})


stdout_capture, stderr_capture = Capture("stdout"), Capture("stderr")
sys.stdout, sys.stderr = stdout_capture, stderr_capture

# Tag requests to the embedded server with the invocation's action id (recursion guard); boto3/urllib3
# connections go through http.client.HTTPConnection.putrequest.
_original_putrequest = http.client.HTTPConnection.putrequest
endpoint_hosts = config.get("endpointHosts", [])


def _tagged_putrequest(self, *args, **kwargs):
    _original_putrequest(self, *args, **kwargs)
    try:
        if current["actionToken"] and f"{self.host}:{self.port}" in endpoint_hosts:
            self.putheader(config["actionHeader"], current["actionToken"])
    except Exception:
        pass


http.client.HTTPConnection.putrequest = _tagged_putrequest

# Processes the handler starts tag their requests too (child/sitecustomize.py for Python, aws-cli included;
# child/tag-requests.cjs for Node): they inherit this environment, where each invocation puts its token.
_child_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child")
os.environ["BUCKETSCOPE_ACTION_HEADER"] = config["actionHeader"]
os.environ["BUCKETSCOPE_TAG_HOSTS"] = ",".join(endpoint_hosts)
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [_child_dir, os.environ.get("PYTHONPATH")] if p)
# Quoted, with forward slashes: NODE_OPTIONS splits at spaces and treats a backslash in quotes as an escape.
_node_preload = '--require "' + os.path.join(_child_dir, "tag-requests.cjs").replace("\\", "/") + '"'
os.environ["NODE_OPTIONS"] = " ".join(p for p in [os.environ.get("NODE_OPTIONS"), _node_preload] if p)


def set_child_token(token):
    if token:
        os.environ["BUCKETSCOPE_ACTION_TOKEN"] = token
    else:
        os.environ.pop("BUCKETSCOPE_ACTION_TOKEN", None)


def error_of(exc):
    return {"message": f"{type(exc).__name__}: {exc}", "stack": "".join(traceback.format_exception(exc))}


class Context(dict):
    """SCF passes a dict; Lambda an object with attributes and get_remaining_time_in_millis()."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def get_remaining_time_in_millis(self):
        return max(0, int(self["deadline"] - time.time() * 1000))


def limit_memory(memory_mb):
    # Address-space limit on top of what the interpreter and the handler module already use.
    try:
        import resource

        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
        base = pages * os.sysconf("SC_PAGE_SIZE")
        limit = base + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except Exception:
        pass


init_start = time.perf_counter()
try:
    module_dir = os.path.dirname(os.path.abspath(config["file"]))
    # The function's folder comes first, as Lambda's task root does (`from app.util import x` from app/main.py);
    # the handler's own folder after it (siblings imported by name).
    sys.path.insert(0, module_dir)
    if config.get("root"):
        sys.path.insert(0, os.path.abspath(config["root"]))
    # Loaded under its dotted name when it is in a package (app/lambda_file.py -> app.lambda_file), so relative
    # imports (`from .example import x`) work as on Lambda with handler app.lambda_file.lambda_handler.
    module_name = config.get("moduleName") or ""
    if "." not in module_name:
        module_name = "bucketscope_handler"
    spec = importlib.util.spec_from_file_location(module_name, config["file"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    names = [config["exportName"]] if config.get("exportName") else ["main_handler", "handler"]
    handler = next((getattr(module, n) for n in names if callable(getattr(module, n, None))), None)
    if handler is None:
        # Name what it does define, so a mistyped handler ("index.main_handlr") is obvious.
        defined = sorted(k for k, v in vars(module).items() if callable(v) and not k.startswith("_") and getattr(v, "__module__", None) == module.__name__)
        raise AttributeError(f"{config['file']} defines no function named {' or '.join(names)} (its functions: {', '.join(defined) or 'none'})")
except BaseException as exc:  # noqa: BLE001 - report any load failure, SystemExit included
    stdout_capture.flush()
    stderr_capture.flush()
    send({"type": "init-error", "error": error_of(exc)})
    sys.exit(1)

stdout_capture.flush()
stderr_capture.flush()
limit_memory(config["memoryMb"])
send({"type": "ready", "initMs": (time.perf_counter() - init_start) * 1000})

for line in sys.stdin:
    request = json.loads(line)
    current["requestId"] = request["requestId"]
    current["actionToken"] = request.get("actionToken")
    set_child_token(current["actionToken"])
    context = Context(
        request_id=request["requestId"],
        aws_request_id=request["requestId"],
        function_name=config["functionName"],
        function_version="$LATEST",
        namespace="default",
        memory_limit_in_mb=config["memoryMb"],
        time_limit_in_ms=config["timeoutMs"],
        deadline=time.time() * 1000 + config["timeoutMs"],
    )
    started = time.time() * 1000
    reply = None
    try:
        value = handler(request["payload"], context)
        try:
            value = json.loads(json.dumps(finite(value), default=str, allow_nan=False))
        except Exception as exc:  # noqa: BLE001
            value = f"[unserialisable result: {exc}]"
        reply = {"ok": True, "value": value}
    except MemoryError as exc:
        reply = {"ok": False, "oom": True, "error": error_of(exc)}
    except BaseException as exc:  # noqa: BLE001 - sys.exit() in a handler is an error, not the end of the instance
        reply = {"ok": False, "error": error_of(exc)}
    stdout_capture.flush()
    stderr_capture.flush()
    ended = time.time() * 1000
    send({"type": "result", "requestId": request["requestId"], "startedAt": started, "endedAt": ended, **reply})
    current["last"] = request["requestId"]
    current["requestId"] = None
    current["actionToken"] = None
    set_child_token(None)
