"""make mine's reading of a user's header (harness/mine/header.py), its knobs
(plan.py), its argument sets (arguments.py) and how a compiler's error is
blamed on one function's generated glue (build.py): fixtures only."""
import array
import os

import pytest

import harness
from harness.mine import arguments, build, generate, header, plan as plans
from harness.mine.header import Buffer, Scalar, Text

EXAMPLE = os.path.join(harness.ROOT, "examples", "stats.h")


def parse(tmp_path, text, name="lib.h", **kwargs):
    path = tmp_path / name
    path.write_text(text)
    return header.functions(str(path), **kwargs)


def by_name(parsed):
    return {f.name: f for f in parsed.functions}


def test_typedefs_const_and_macros_resolve_to_fixed_widths(tmp_path):
    parsed = by_name(parse(tmp_path, """
        #include <stdint.h>
        #include <stddef.h>
        #include <stdbool.h>
        #define API __attribute__((visibility("default")))
        #define WIDE long long
        typedef int32_t my_int;
        typedef my_int other_int;
        typedef enum { RED, GREEN } colour;
        API other_int add(const my_int a, other_int b);
        unsigned WIDE big(unsigned WIDE x);
        bool flag(_Bool b, unsigned char c, short s, float f, double d, colour k);
        void nothing(void);
        size_t sized(ptrdiff_t p);
    """))
    assert parsed["add"].params[0].type == Scalar("int", 32)
    assert parsed["add"].result == Scalar("int", 32)
    assert parsed["big"].result == Scalar("uint", 64)
    assert [p.type for p in parsed["flag"].params] == [
        Scalar("bool", 8), Scalar("uint", 8), Scalar("int", 16), Scalar("float", 32),
        Scalar("float", 64), Scalar("int", 32)]
    assert parsed["nothing"].params == () and parsed["nothing"].result is None
    assert parsed["sized"].result == Scalar("uint", 64)
    assert parsed["sized"].params[0].type == Scalar("int", 64)
    # the declaration as the header wrote it, the C one in fixed widths
    assert parsed["add"].c_declaration() == "int32_t add(int32_t a, int32_t b);"


def test_pointers_with_a_length_are_buffers_and_char_pointers_text(tmp_path):
    parsed = by_name(parse(tmp_path, """
        #include <stddef.h>
        #include <stdint.h>
        double mean(const double *xs, size_t n);
        void fill(float *out, int n, float value);
        size_t length(const char *s);
        size_t counted(const char *data, size_t size);
        uint16_t sum8(const uint8_t data[], uint32_t n);
    """))
    assert parsed["mean"].params[0].type == Buffer(Scalar("float", 64), False, "n",
                                                   Scalar("uint", 64))
    assert parsed["fill"].params[0].type.writable
    assert [p.name for p in parsed["fill"].params] == ["out", "value"]
    assert parsed["length"].params[0].type == Text()
    assert parsed["counted"].params[0].type == Text("size", Scalar("uint", 64))
    assert parsed["sum8"].params[0].type.typecode == "B"
    assert parsed["fill"].c_params() == [("float *", "out"), ("int32_t", "n"),
                                         ("float", "value")]


def test_what_no_binding_expresses_is_skipped_with_a_reason_naming_the_type(tmp_path):
    parsed = parse(tmp_path, """
        #include <stddef.h>
        struct point { int x, y; };
        typedef struct point point;
        int good(int x);
        point make(int x);
        int by_pointer(const point *p, size_t n);
        int varargs(int n, ...);
        void apply(int (*f)(int));
        void *allocate(size_t n);
        long double precise(long double x);
        int no_length(const int *xs);
        static inline int helper(int x) { return x; }
    """)
    assert [f.name for f in parsed.functions] == ["good"]
    reasons = {s.name: s.reason for s in parsed.skipped}
    assert set(reasons) == {"make", "by_pointer", "varargs", "apply", "allocate", "precise",
                            "no_length"}
    assert reasons["make"] == "make: point (a struct by value)"
    assert "varargs" in reasons["varargs"]
    assert "function pointer" in reasons["apply"]
    assert "pointer result" in reasons["allocate"] and "void *" in reasons["allocate"]
    assert "long double" in reasons["precise"]
    assert "without a length" in reasons["no_length"]
    assert "struct point" in reasons["by_pointer"]


def test_only_the_headers_own_functions_and_its_includes(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "other.h").write_text("int included(int x);\n")
    parsed = parse(tmp_path, '#include <stdio.h>\n#include "other.h"\nint mine(int x);\n',
                   include_dirs=(str(tmp_path / "inc"),))
    assert [f.name for f in parsed.functions] == ["mine"]


def test_funcs_limits_the_set_and_an_unknown_name_lists_the_known(tmp_path):
    text = "int a(int x);\nint b(int x);\nvoid c(int (*f)(void));\n"
    assert [f.name for f in parse(tmp_path, text, only=("b",)).functions] == ["b"]
    with pytest.raises(header.HeaderError, match=r"nope not declared .* it declares a, b, c"):
        parse(tmp_path, text, only=("b", "nope"))


def test_a_header_that_does_not_preprocess_names_the_error(tmp_path):
    with pytest.raises(header.HeaderError, match="missing.h"):
        parse(tmp_path, '#include "missing.h"\nint f(int x);\n')


def test_the_plan_refuses_what_cannot_work_naming_the_fix(tmp_path):
    with pytest.raises(plans.PlanError, match="HEADER="):
        plans.from_knobs({})
    with pytest.raises(plans.PlanError, match="either SOURCES"):
        plans.from_knobs({"HEADER": EXAMPLE})
    source = EXAMPLE.replace(".h", ".c")
    with pytest.raises(plans.PlanError, match="STRINGS=utf16"):
        plans.from_knobs({"HEADER": EXAMPLE, "SOURCES": source, "STRINGS": "utf16"})
    with pytest.raises(plans.PlanError, match="SIZES=0"):
        plans.from_knobs({"HEADER": EXAMPLE, "SOURCES": source, "SIZES": "0"})
    plan = plans.from_knobs({"HEADER": EXAMPLE, "SOURCES": source, "QUICK": "1",
                             "FUNCS": "mean scale"})
    assert plan.funcs == ("mean", "scale") and plan.results == plans.DEFAULT_RESULTS
    assert plans.timed_sizes(plan) == (1, 10_000)
    path = tmp_path / "plan.json"
    plan.save(str(path))
    assert plans.load(str(path)) == plan


def test_the_check_passes_every_value_of_every_parameter_once():
    f = by_name(header.functions(EXAMPLE))
    sets = arguments.check_sets(f["saturating_add"], "str")
    values = arguments.scalar_values(Scalar("int", 64))
    assert len(sets) == 1 + 2 * (len(values) - 1)
    assert {s[0] for s in sets} == set(values) == {s[1] for s in sets}
    scale = arguments.check_sets(f["scale"], "str")
    assert isinstance(scale[0][0], arguments.Fresh)
    made = arguments.realize(scale[0])[0]
    assert isinstance(made, array.array) and made.typecode == "d" and len(made) == 5
    # a wrong type for the first parameter that is not a bool; none for bools alone
    bad, name = arguments.bad_call(f["count_vowels"], "str")
    assert name == "text" and bad == (12345,)
    assert arguments.bad_call(header.Function("b", (header.Param("x", Scalar("bool", 8)),),
                                              None, ""), "str") is None
    assert arguments.text_values("bytes")[0] == b"abc"


def test_a_compiler_error_is_blamed_on_the_function_whose_glue_it_is_in():
    f = header.functions(EXAMPLE).functions
    binding = generate.BINDINGS["capi.fastcall"]
    sources = generate.sources(binding, f, EXAMPLE, "str")
    source = sources[0]
    (first, last), = source.spans["mean"]
    message = (f"/some/where/{source.name}:{first + 2}:5: error: something is wrong\n"
               f"/some/where/{source.name}:{first + 3}:1: note: a note")
    assert build._culprit(message, sources) == (
        "mean", f"{source.name}:{first + 2}: error: something is wrong")
    assert build._culprit(f"/x/{source.name}:1:1: error: in the prelude", sources) == (None, None)
    cython = generate.sources(generate.BINDINGS["cython.v3"], f, EXAMPLE, "str")
    pyx = cython[1]
    (line, _), = pyx.spans["scale"]
    assert build._culprit(f"Error compiling Cython file:\n{pyx.name}:{line}:23: Expected ')'",
                          cython) == ("scale", f"{pyx.name}:{line}: Expected ')'")
    assert build.first_error("a warning\nx.c:3: error: bad\n") == "x.c:3: error: bad"


def test_an_args_file_replaces_a_functions_argument_sets(tmp_path):
    f = by_name(header.functions(EXAMPLE))
    spec_file = tmp_path / "args.json"
    spec_file.write_text('{"scale": [[[1.0, 2.0], 3.0], [[], 0.5]]}')
    spec = arguments.load_spec(str(spec_file))
    sets = arguments.check_sets(f["scale"], "str", spec)
    assert len(sets) == 2 and sets[0][1] == 3.0
    made = arguments.realize(sets[0])[0]
    assert made.typecode == "d" and list(made) == [1.0, 2.0]
    # the functions the file does not name keep the sets made from their types
    assert arguments.check_sets(f["blend"], "str", spec) == arguments.check_sets(f["blend"], "str")
    spec_file.write_text('{"scale": [[1.0]]}')
    with pytest.raises(ValueError, match="scale takes 2 arguments"):
        arguments.check_sets(f["scale"], "str", arguments.load_spec(str(spec_file)))
    spec_file.write_text('[1, 2]')
    with pytest.raises(ValueError, match="expected"):
        arguments.load_spec(str(spec_file))
