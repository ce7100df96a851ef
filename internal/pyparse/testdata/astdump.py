"""Render CPython's syntax tree of Python files in pyast.Dump's text form.

Usage: astdump.py OUT FILE...   (or: astdump.py OUT @LISTFILE, one path a line)

For every file, OUT gets a header line "=== PATH", then either one line with
the dump of ast.parse(source_bytes) or a line "ERROR LINENO MESSAGE" when
CPython rejects the file. This is the oracle of the parser's differential
test; it must stay in step with internal/pyast/dump.go.
"""
import ast
import struct
import sys
import warnings
from multiprocessing import Pool

SKIP_FIELDS = {"type_comment", "type_ignores"}


def quoted(prefix, data):
    out = [prefix, "'"]
    for c in data:
        if 0x20 <= c < 0x7F and c not in (0x5C, 0x27):
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    out.append("'")
    return "".join(out)


def bits(f):
    return "%x" % struct.unpack("<Q", struct.pack("<d", f))[0]


def const(v):
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if v is Ellipsis:
        return "..."
    if isinstance(v, int):
        return "int:%d" % v
    if isinstance(v, float):
        return "float:" + bits(v)
    if isinstance(v, complex):
        return "complex:" + bits(v.imag)
    if isinstance(v, str):
        return quoted("", v.encode("utf-8", "surrogatepass"))
    if isinstance(v, bytes):
        return quoted("b", v)
    raise TypeError(type(v))


def dump(node, out):
    if isinstance(node, ast.AST):
        name = type(node).__name__
        out.append(name)
        if "end_col_offset" in node._attributes:
            out.append("@%d:%d-%d:%d" % (node.lineno, node.col_offset,
                                         node.end_lineno, node.end_col_offset))
        out.append("(")
        first = True
        for f in node._fields:
            if f in SKIP_FIELDS:
                continue
            if not first:
                out.append(",")
            first = False
            out.append(f + "=")
            v = getattr(node, f, None)
            if (name == "Constant" and f == "value") or (name == "MatchSingleton" and f == "value"):
                out.append(const(v))
            else:
                dump(v, out)
        out.append(")")
    elif isinstance(node, list):
        out.append("[")
        for i, x in enumerate(node):
            if i:
                out.append(",")
            dump(x, out)
        out.append("]")
    elif node is None:
        out.append("None")
    elif isinstance(node, str):
        out.append("'" + node + "'")
    elif isinstance(node, int):
        out.append(str(int(node)))
    else:
        raise TypeError(type(node))


def one(path):
    warnings.simplefilter("ignore")
    try:
        with open(path, "rb") as f:
            src = f.read()
    except OSError as e:
        return "=== %s\nUNREADABLE %s\n" % (path, e)
    try:
        tree = ast.parse(src, filename=path)
    except (SyntaxError, ValueError) as e:
        line = getattr(e, "lineno", None) or 0
        msg = str(getattr(e, "msg", e)).replace("\n", " ")
        return "=== %s\nERROR %d %s\n" % (path, line, msg)
    except (MemoryError, RecursionError) as e:
        return "=== %s\nERROR 0 %s\n" % (path, type(e).__name__)
    out = []
    dump(tree, out)
    return "=== %s\n%s\n" % (path, "".join(out))


def main():
    out_path, files = sys.argv[1], sys.argv[2:]
    if len(files) == 1 and files[0].startswith("@"):
        with open(files[0][1:]) as f:
            files = [line.rstrip("\n") for line in f if line.strip()]
    with open(out_path, "w", encoding="utf-8", errors="surrogateescape") as out, Pool(2) as pool:
        for text in pool.imap(one, files, chunksize=8):
            out.write(text)


if __name__ == "__main__":
    main()
