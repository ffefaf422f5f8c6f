"""The user's header, read by a real C parser: pycparser (cffi's own parser,
from Debian's python3-pycparser) over the system compiler's preprocessor.

  functions(header, include_dirs=(), only=None) -> Parsed
      every function the header declares (itself, not what it #includes),
      each either a Function the bindings can express or a Skipped one with
      the one-line reason naming the function and the type

The supported types are those of the issue's table:
  integers of every width (typedefs resolved; size_t, intN_t, bool), float,
  double: Python int, bool and float;
  const char *: a Python str (or bytes: Text.python), NUL-terminated, or with
      its length when an integer parameter follows it;
  const T * followed by an integer length: a read-only buffer of T;
  T * followed by an integer length: a writable buffer of T (the C function
      may write into it);
  a void result.
Anything else (a struct or union by value or by pointer, a function pointer,
varargs, a pointer without a length, long double, a pointer result) skips
the function, with the reason.

The preprocessor runs with __GNUC__ undefined and GCC's keywords defined
away, so that glibc's headers select their plain-C declarations, which
pycparser parses (cffi's own documentation suggests the same).
"""

import keyword
import os
import subprocess
from dataclasses import dataclass, field
from typing import Optional, Tuple, Union

import pycparser
from pycparser import c_ast, c_generator

# What glibc's headers use beyond C11 when __GNUC__ is undefined, and what
# a user's header may use for export macros.
GNU_AWAY = ("-U__GNUC__", "-D__attribute__(x)=", "-D__extension__=", "-D__restrict=",
            "-D__restrict__=", "-D__inline=", "-D__inline__=", "-D__asm__(x)=",
            "-D__asm(x)=", "-D__declspec(x)=", "-D__builtin_va_list=int",
            "-D__THROW=", "-D__wur=", "-D__nonnull(x)=")


class HeaderError(Exception):
    """The header cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Scalar:
    """An integer, bool or floating-point value, resolved to its width."""
    kind: str           # "int", "uint", "bool", "float"
    bits: int

    @property
    def c(self):
        """The fixed-width C type every generated binding uses."""
        if self.kind == "bool":
            return "bool"
        if self.kind == "float":
            return "float" if self.bits == 32 else "double"
        return f"{'u' if self.kind == 'uint' else ''}int{self.bits}_t"

    @property
    def python(self):
        return {"int": "int", "uint": "int", "bool": "bool", "float": "float"}[self.kind]

    def limits(self):
        """(min, max) of an integer type."""
        if self.kind == "uint":
            return 0, 2 ** self.bits - 1
        if self.kind == "bool":
            return 0, 1
        return -2 ** (self.bits - 1), 2 ** (self.bits - 1) - 1


# array.array's type code (and the buffer format) of each element type
TYPECODES = {("int", 8): "b", ("uint", 8): "B", ("int", 16): "h", ("uint", 16): "H",
             ("int", 32): "i", ("uint", 32): "I", ("int", 64): "q", ("uint", 64): "Q",
             ("float", 32): "f", ("float", 64): "d"}


@dataclass(frozen=True)
class Text:
    """const char *, from a Python str (UTF-8) or bytes; `length` names the
    integer parameter after it that takes its length, if there is one."""
    length: Optional[str] = None
    length_type: Optional[Scalar] = None


@dataclass(frozen=True)
class Buffer:
    """A pointer to elements with an integer length parameter after it: an
    array.array (any 1-D C-contiguous buffer of that format) from Python."""
    element: Scalar
    writable: bool
    length: str
    length_type: Scalar

    @property
    def typecode(self):
        return TYPECODES[(self.element.kind, self.element.bits)]


@dataclass(frozen=True)
class Param:
    """A parameter as Python passes it (a buffer or text carries its
    length parameter, which Python does not pass)."""
    name: str
    type: Union[Scalar, Text, Buffer]


@dataclass(frozen=True)
class Function:
    name: str
    params: Tuple[Param, ...]
    result: Optional[Scalar]        # None: void
    declaration: str                # as the header has it, one line

    def c_params(self):
        """(C type, name) of every C parameter, in order, the lengths included."""
        out = []
        for p in self.params:
            t = p.type
            if isinstance(t, Scalar):
                out.append((t.c, p.name))
            elif isinstance(t, Text):
                out.append(("const char *", p.name))
                if t.length:
                    out.append((t.length_type.c, t.length))
            else:
                const = "" if t.writable else "const "
                out.append((f"{const}{t.element.c} *", p.name))
                out.append((t.length_type.c, t.length))
        return out

    def c_declaration(self):
        """The prototype in fixed-width types (what cffi's cdef is given)."""
        params = ", ".join(f"{t} {n}" if not t.endswith("*") else f"{t}{n}"
                           for t, n in self.c_params()) or "void"
        return f"{self.result.c if self.result else 'void'} {self.name}({params});"


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass
class Parsed:
    header: str
    functions: list = field(default_factory=list)     # [Function]
    skipped: list = field(default_factory=list)       # [Skipped]

    def names(self):
        return [f.name for f in self.functions] + [s.name for s in self.skipped]


class Unsupported(Exception):
    """A type no generated binding expresses (the message names it)."""


# The base integer types of C on x86-64 Linux (LP64), by their sorted words.
_INTEGERS = {
    ("char",): ("int", 8), ("char", "signed"): ("int", 8), ("char", "unsigned"): ("uint", 8),
    ("short",): ("int", 16), ("int", "short"): ("int", 16),
    ("short", "signed"): ("int", 16), ("int", "short", "signed"): ("int", 16),
    ("short", "unsigned"): ("uint", 16), ("int", "short", "unsigned"): ("uint", 16),
    ("int",): ("int", 32), ("signed",): ("int", 32), ("int", "signed"): ("int", 32),
    ("unsigned",): ("uint", 32), ("int", "unsigned"): ("uint", 32),
    ("long",): ("int", 64), ("int", "long"): ("int", 64), ("long", "signed"): ("int", 64),
    ("int", "long", "signed"): ("int", 64),
    ("long", "unsigned"): ("uint", 64), ("int", "long", "unsigned"): ("uint", 64),
    ("long", "long"): ("int", 64), ("int", "long", "long"): ("int", 64),
    ("long", "long", "signed"): ("int", 64), ("int", "long", "long", "signed"): ("int", 64),
    ("long", "long", "unsigned"): ("uint", 64), ("int", "long", "long", "unsigned"): ("uint", 64),
    ("_Bool",): ("bool", 8), ("float",): ("float", 32), ("double",): ("float", 64),
}


def preprocess(header, include_dirs=(), cc="cc"):
    """The header through the C preprocessor, with line markers (which say
    what came from the header itself)."""
    command = [cc, "-E", "-std=c11", *GNU_AWAY,
               *(f"-I{d}" for d in include_dirs), "-I", os.path.dirname(header) or ".", header]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        first = next((line for line in done.stderr.splitlines() if "error" in line),
                     done.stderr.strip().splitlines()[0] if done.stderr.strip() else "")
        raise HeaderError(f"the preprocessor refuses {header}: {first}")
    return done.stdout


class _Types:
    """Resolves a declaration's type to what the bindings can pass."""

    def __init__(self, typedefs):
        self.typedefs = typedefs        # name -> the typedef's type node

    def resolve(self, node):
        """A TypeDecl/PtrDecl/... with typedefs followed, down to a base."""
        while isinstance(node, c_ast.TypeDecl) and isinstance(node.type, c_ast.IdentifierType):
            names = node.type.names
            if len(names) == 1 and names[0] in self.typedefs:
                quals = node.quals
                node = self.typedefs[names[0]]
                if quals and isinstance(node, c_ast.TypeDecl):
                    node = c_ast.TypeDecl(node.declname, quals + node.quals, node.align,
                                          node.type)
                continue
            break
        return node

    def scalar(self, node, spelled):
        node = self.resolve(node)
        if isinstance(node, c_ast.TypeDecl):
            inner = node.type
            if isinstance(inner, c_ast.IdentifierType):
                key = tuple(sorted(inner.names))
                if key in _INTEGERS:
                    kind, bits = _INTEGERS[key]
                    return Scalar(kind, bits)
                if key == ("void",):
                    return None
                base = " ".join(inner.names)
                raise Unsupported(spelled if base in spelled else f"{spelled} ({base})")
            if isinstance(inner, c_ast.Enum):
                return Scalar("int", 32)
            if isinstance(inner, c_ast.Struct):
                raise Unsupported(f"{spelled} (a struct by value)")
            if isinstance(inner, c_ast.Union):
                raise Unsupported(f"{spelled} (a union by value)")
        if isinstance(node, c_ast.PtrDecl):
            raise Unsupported(f"{spelled} (a pointer)")
        raise Unsupported(spelled)

    def pointee(self, node):
        """(the pointed-to type node, const) of a pointer parameter, or
        None when it is not a pointer."""
        node = self.resolve(node)
        if isinstance(node, c_ast.ArrayDecl):
            node = c_ast.PtrDecl([], node.type)
        if not isinstance(node, c_ast.PtrDecl):
            return None
        target = self.resolve(node.type)
        const = isinstance(target, c_ast.TypeDecl) and "const" in target.quals
        return target, const


def _spelled(node):
    """A type as the header wrote it."""
    generator = c_generator.CGenerator()
    text = generator.visit(node)
    return " ".join(text.split())


def _type_only(decl_type):
    """A parameter's type node without its name (for spelling it)."""
    node = decl_type
    while not isinstance(node, c_ast.TypeDecl) and hasattr(node, "type"):
        node = node.type
    if isinstance(node, c_ast.TypeDecl):
        saved = node.declname
        node.declname = None
        text = _spelled(decl_type)
        node.declname = saved
        return text
    return _spelled(decl_type)


def _short(node):
    """What a resolved type is, in a few words (a struct without its body)."""
    if isinstance(node, c_ast.TypeDecl):
        inner = node.type
        if isinstance(inner, (c_ast.Struct, c_ast.Union, c_ast.Enum)):
            kind = type(inner).__name__.lower()
            return f"{kind} {inner.name}" if inner.name else f"an anonymous {kind}"
        if isinstance(inner, c_ast.IdentifierType):
            return " ".join(inner.names)
    if isinstance(node, c_ast.PtrDecl):
        return "a pointer"
    if isinstance(node, c_ast.FuncDecl):
        return "a function"
    return _type_only(node)


def _is_char(types, node):
    node = types.resolve(node)
    return (isinstance(node, c_ast.TypeDecl) and isinstance(node.type, c_ast.IdentifierType)
            and node.type.names == ["char"])


def _function(types, decl):
    """A Function from a declaration, or raises Unsupported."""
    funcdecl = decl.type
    result_node = funcdecl.type
    if types.pointee(result_node) is not None:
        raise Unsupported(f"a pointer result, {_type_only(result_node)} (who frees it is not "
                          "in the header)")
    result = types.scalar(result_node, _type_only(result_node))
    raw = [] if funcdecl.args is None else list(funcdecl.args.params)
    if any(isinstance(p, c_ast.EllipsisParam) for p in raw):
        raise Unsupported("varargs (...)")
    # f(void)
    if len(raw) == 1 and isinstance(raw[0], c_ast.Typename) and \
            _spelled(raw[0].type).strip() == "void":
        raw = []
    params, i = [], 0
    while i < len(raw):
        p = raw[i]
        name = p.name or f"arg{i}"
        spelled = _type_only(p.type)
        resolved = types.resolve(p.type)
        if isinstance(resolved, c_ast.FuncDecl) or (
                isinstance(resolved, c_ast.PtrDecl)
                and isinstance(types.resolve(resolved.type), c_ast.FuncDecl)):
            raise Unsupported(f"parameter {name}: {spelled} (a function pointer)")
        pointer = types.pointee(p.type)
        if pointer is None:
            params.append(Param(name, types.scalar(p.type, f"parameter {name}: {spelled}")))
            i += 1
            continue
        target, const = pointer
        length = _length_after(types, raw, i)
        if _is_char(types, target) and const:
            params.append(Param(name, Text(*(length or (None, None)))))
            i += 2 if length else 1
            continue
        try:
            element = types.scalar(target, spelled)
        except Unsupported:
            raise Unsupported(f"parameter {name}: {spelled} (a pointer to "
                              f"{_short(target)})") from None
        if element is None:
            raise Unsupported(f"parameter {name}: {spelled} (untyped memory)")
        if element.kind == "bool" or (element.kind, element.bits) not in TYPECODES:
            raise Unsupported(f"parameter {name}: {spelled} (no buffer format for it)")
        if not length:
            raise Unsupported(f"parameter {name}: {spelled} (a pointer without a length "
                              "parameter after it)")
        params.append(Param(name, Buffer(element, not const, *length)))
        i += 2
    return Function(decl.name, tuple(params), result, _spelled(decl).strip() + ";")


def _length_after(types, raw, i):
    """(name, Scalar) of the integer parameter right after raw[i], if any."""
    if i + 1 >= len(raw):
        return None
    after = raw[i + 1]
    if isinstance(after, c_ast.EllipsisParam) or types.pointee(after.type) is not None:
        return None
    try:
        scalar = types.scalar(after.type, "")
    except Unsupported:
        return None
    if scalar is None or scalar.kind not in ("int", "uint"):
        return None
    return after.name or f"arg{i + 1}", scalar


def functions(header, include_dirs=(), only=None, cc="cc"):
    """The header's functions (see the module's documentation); `only`:
    the names to keep, each of which must be declared there."""
    if not os.path.isfile(header):
        raise HeaderError(f"HEADER={header}: no such file")
    text = preprocess(header, include_dirs, cc)
    try:
        ast = pycparser.CParser().parse(text, header)
    except pycparser.plyparser.ParseError as exc:
        raise HeaderError(f"pycparser cannot parse {header} (after the preprocessor): "
                          f"{exc}") from None
    own = os.path.realpath(header)
    typedefs, parsed, seen = {}, Parsed(header), set()
    for node in ast.ext:
        if isinstance(node, c_ast.Typedef):
            typedefs[node.name] = node.type
            continue
        if not (isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl)):
            continue
        if not node.coord or os.path.realpath(node.coord.file) != own:
            continue
        if node.name in seen or "static" in node.storage:
            continue
        seen.add(node.name)
        if keyword.iskeyword(node.name):
            parsed.skipped.append(Skipped(node.name, f"{node.name}: a Python keyword (no "
                                          "binding's module can have it as an attribute)"))
            continue
        try:
            parsed.functions.append(_function(_Types(typedefs), node))
        except Unsupported as exc:
            parsed.skipped.append(Skipped(node.name, f"{node.name}: {exc}"))
    if only:
        unknown = [name for name in only if name not in parsed.names()]
        if unknown:
            raise HeaderError(f"FUNCS: {', '.join(unknown)} not declared in {header}; it "
                              f"declares {', '.join(sorted(parsed.names())) or 'no function'}")
        parsed.functions = [f for f in parsed.functions if f.name in only]
        parsed.skipped = [s for s in parsed.skipped if s.name in only]
    return parsed
