# ffi-bench: what it costs to call C from Python, by each call path.
#
# This Makefile builds (the extension modules' part is ext/modules.mk); the
# scripts under harness/ run things (each target below is one line calling
# one of them).
#
#   make                build everything into build/
#   make bench          check dependencies, build, then harness/pipeline/bench.py:
#                       measure, time whole processes, chart, report, publish
#   make measure        the measuring stages alone
#   make charts         re-render the charts of RESULTS
#   make report         re-write REPORT.md of RESULTS
#   make reference      the reference run (results/reference) and README's tables
#   make readme         README.md's generated parts, from results/reference
#   make compare A=x B=y  compare two runs (results folders or calls.json.gz): the
#                       rows, then how far B reproduces A (ESTIMATORS=1: by
#                       every candidate estimator; BY_WORKERS=1: by how many of
#                       B's worker processes are kept; B may name several runs)
#   make validate       the driver's figures beside timeit's and pyperf's
#   make bench-instr    instructions per call under callgrind (deterministic)
#   make stability      three full runs: how much each row's median moves, and
#                       pyperf's spread on the same rows at the same wall time
#   make memcheck       valgrind memcheck over a short driver run
#   make mine HEADER=lib.h SOURCES="a.c b.c"   your functions through every
#                       binding: generated, checked, timed (default RESULTS=results/mine;
#                       LIB=libfoo.so instead of SOURCES; FUNCS, STRINGS, ARGS, SIZES)
#   make mine-example   make mine on examples/stats.h
#   make releases       each binding tool at a series of its releases, over the same
#                       kernel object: instructions and time per call (default
#                       RESULTS=results/releases; TOOLS="pybind11 cffi", QUICK=1)
#   make gate BASE=x    the current build's instruction counts against BASE's (a
#                       results folder or instr.csv): a row grown over GATE_PCT fails
#   make venv           the project's pinned Python tools (pyperf) in build/venv
#   make test           the test suite (pytest)
#   make clean          remove build/ (results/ is kept)
#   make help           these targets, and every knob (harness/pipeline/config.py's table)

DEFAULT_PYTHON := /usr/bin/python3
PYTHON ?= $(if $(wildcard $(DEFAULT_PYTHON)),$(DEFAULT_PYTHON),python3)
RESULTS ?= results
# Where make pythons builds interpreters (outside the work tree: a clean clone reuses them).
PYTHONS_CACHE ?= $(HOME)/.cache/ffi-bench
BENCH_ARGS ?=
.DEFAULT_GOAL := all

# --- flags, in named layers; the user's CFLAGS/CXXFLAGS/LDFLAGS stay free ---
# One set of C flags for every C file: the kernels and every binding's wrapper
# code are compiled alike, so that flags cannot explain a difference between
# paths.  Python's own sysconfig CFLAGS are deliberately not used.
STD := -std=c11
WARN := -Wall -Wextra -Wstrict-prototypes
OPT := -O2
FINAL_CFLAGS = $(STD) $(WARN) $(OPT) -fPIC $(SAN_FLAGS) $(CFLAGS)
# The kernel object alone adds one flag, which moves its code, not what it is:
# every kernel starts on a 64-byte boundary, so its code and loops sit at the
# same place modulo a cache line in every binary (the object's .text is then
# 64-aligned, and each linker keeps that).  Without it, where a module's linker
# happened to put the object decided whether a kernel's loop crossed a 64-byte
# boundary, and ffk_scale_f64 ran slower in the modules where it did
# (docs/METHODOLOGY.md; tests/built/test_same_object.py checks the placement).
KERNEL_CFLAGS := -falign-functions=64
FINAL_CXXFLAGS = -std=c++17 -Wall -Wextra $(OPT) $(SAN_FLAGS) $(CXXFLAGS)
FINAL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
DEPFLAGS = -MMD -MP

# --- SANITIZER=address,undefined: every C and C++ object (kernels, extension
# modules, driver) built with ASan and/or UBSan; `make test` then runs the
# suite with the ASan runtime preloaded into python3 (which is not built with
# it), leak detection off (the interpreter keeps memory at exit by design: the
# leak tests and `make memcheck` look at leaks), and UBSan fatal.  The flags
# differ from a plain build's, so switching rebuilds everything.
SANITIZERS := address undefined
comma := ,
empty :=
space := $(empty) $(empty)
SANITIZER_LIST := $(subst $(comma), ,$(SANITIZER))
ifneq ($(filter-out $(SANITIZERS),$(SANITIZER_LIST)),)
$(error SANITIZER=$(SANITIZER): unknown $(filter-out $(SANITIZERS),$(SANITIZER_LIST)); \
	use address, undefined or address$(comma)undefined)
endif
ifneq ($(SANITIZER_LIST),)
SAN_FLAGS = -fsanitize=$(subst $(space),$(comma),$(strip $(SANITIZER_LIST))) -fno-omit-frame-pointer -g \
	$(if $(filter undefined,$(SANITIZER_LIST)),-fno-sanitize-recover=undefined)
# libstdc++ is preloaded with the ASan runtime: loaded later (by the pybind11
# module), its __cxa_throw escapes ASan's interceptor and a C++ throw aborts.
# pytest's --capture=sys lets a sanitizer's report (written to fd 2) through.
SAN_ENV = FFIBENCH_SANITIZER=$(SANITIZER) PYTHONMALLOC=malloc \
	$(if $(filter address,$(SANITIZER_LIST)),LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) \
	  $$($(CXX) -print-file-name=libstdc++.so)" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1) \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SAN_PYTEST = --capture=sys
endif

# --- the chosen interpreter (read once) ---
# Its build folder (BUILD) is harness.BUILD as that interpreter computes it:
# build/ for Debian's /usr/bin/python3, build/<label> for any other (e.g.
# build/cpython-3.13.5t-source), so that each interpreter keeps its own
# modules; exported to every script as FFIBENCH_BUILD.
PY_FACTS := $(shell env -u FFIBENCH_BUILD $(PYTHON) harness/provision/provenance.py facts 2>/dev/null)
PY_INCLUDE := $(word 1,$(PY_FACTS))
PY_EXT_SUFFIX := $(word 2,$(PY_FACTS))
PY_LIBDIR := $(word 3,$(PY_FACTS))
PY_LDVERSION := $(word 4,$(PY_FACTS))
PY_LIMITED_API := $(word 5,$(PY_FACTS))
BUILD := $(or $(word 6,$(PY_FACTS)),build)
PY_LABEL := $(word 7,$(PY_FACTS))
PY_GIL := $(word 8,$(PY_FACTS))
PY_IMPLEMENTATION := $(word 9,$(PY_FACTS))
export FFIBENCH_BUILD := $(abspath $(BUILD))
export FFIBENCH_PYTHON := $(PYTHON)
# The project's venv for this interpreter (make venv, below).  Debian's CPython
# takes pytest and cffi from Debian; any other interpreter gets its own venv
# with pip, pytest and cffi pinned (OWN_VENV), which then runs the scripts and
# the tests (PY_RUN): the same interpreter, with those installed.
VENV := $(BUILD)/venv
VENV_STAMP := $(VENV)/.installed
OWN_VENV := $(if $(filter cpython-%-debian,$(PY_LABEL)),,1)
PY_RUN := $(if $(OWN_VENV),$(VENV)/bin/python,$(PYTHON))
ifeq ($(filter clean,$(MAKECMDGOALS))$(PY_EXT_SUFFIX),)
$(error PYTHON=$(PYTHON) does not run or has no sysconfig: pick another with PYTHON=)
endif
PY_CFLAGS = -I$(PY_INCLUDE)
# The driver embeds the interpreter: link its libpython from LIBDIR.  Where
# that is only a static library (a CPython built by make pythons, without
# --enable-shared), the executable exports its symbols, as python3 itself does
# (its LINKFORSHARED), for the standard library's extension modules.
PY_EMBED_LIBS = -L$(PY_LIBDIR) -Wl,-rpath,$(PY_LIBDIR) -lpython$(PY_LDVERSION) -lm \
	$(if $(wildcard $(PY_LIBDIR)/libpython$(PY_LDVERSION).so),,-Wl,--export-dynamic)

# --- dependencies: checked (and installed, as root) before anything is built ---
# check_deps.sh writes which optional bindings (cffi, Cython, pybind11) can be
# built; make builds this file first, then restarts with it read.
# Targets that only read results, or make interpreters, need neither
# (READ_ONLY: every goal given is one of them).
CONFIG_MK := $(BUILD)/config.mk
NO_BUILD_GOALS := clean pythons merge compare charts report readme help
READ_ONLY := $(if $(MAKECMDGOALS),$(if $(filter-out $(NO_BUILD_GOALS),$(MAKECMDGOALS)),,1))
ifeq ($(READ_ONLY),)
include $(CONFIG_MK)
endif
$(CONFIG_MK): harness/provision/check_deps.sh $(if $(filter $(PYTHON),$(CONFIG_PYTHON)),,FORCE) \
		$(if $(OWN_VENV),$(VENV_STAMP))
	$(call say,CHECK,dependencies)
	$(Q)mkdir -p $(@D)
	$(Q)CC="$(CC)" CXX="$(CXX)" sh harness/provision/check_deps.sh "$(PYTHON)" "$(PY_INCLUDE)" $@ \
	  "$(PY_RUN)"

# --- the binding tools the project installs itself: build/venv (pinned by
# requirements/*.txt, with hashes) and the PyO3 crates (ext/pyo3/Cargo.lock).
# check_tools.sh writes where each is, or why it is not, to $(TOOLS_MK), once
# build/venv is made; making build/venv needs $(CONFIG_MK) read, so the first
# pass (no $(CONFIG_MK) yet) does not include it.  A failed install (no
# network, another platform) is recorded in build/venv.failed and kept until
# the requirements change or build/venv is removed: the paths of those tools
# are skipped, with that reason, and the tests that need pyperf too.
TOOLS_MK := $(BUILD)/tools.mk
ifeq ($(READ_ONLY),)
ifneq ($(CONFIG_PYTHON),)
include $(TOOLS_MK)
endif
endif
$(TOOLS_MK): $(VENV_STAMP) harness/provision/check_tools.sh ext/pyo3/Cargo.lock
	$(call say,CHECK,"binding tools (build/venv, cargo)")
	$(Q)CXX="$(CXX)" sh harness/provision/check_tools.sh $(VENV) $@ $(PY_INCLUDE)

# --- quiet by default, V=1 shows commands ---
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-8s %s\n' $(1) $(2)
endif

# --- what is built ---
KERNELS_OBJ := $(BUILD)/kernels.o
LIBKERNELS := $(BUILD)/libkernels.so
BUILD_INFO := $(BUILD)/build-info.txt
# Under build/ext/, not build/: build/ is on the driver's sys.path, and one
# more file there changes the interpreter's memory layout, and with it the
# instruction counts of 80 rows of make bench-instr (measured).
MODULE_PARTS := $(BUILD)/ext/module-parts.txt
GEN := $(BUILD)/gen

# The extension modules (EXT_MODULES, EXTENSIONS, PYO3_MODULE, HPY_STUB,
# their flags and their rules): ext/modules.mk.
include ext/modules.mk

# The driver library (harness/driver/driver.c) has two front-ends: an
# executable that embeds libpython, and an extension module that $(PYTHON)
# imports (harness/driver/hosted_driver.py).  Same objects, same flags.
DRIVER := $(BUILD)/ffibench-driver
HOSTED_DRIVER := $(BUILD)/ffibench_driver$(PY_EXT_SUFFIX)
DRIVER_LIB_OBJS := $(addprefix $(BUILD)/driver/,driver.o args.o progress.o instr.o gbench.o)
DRIVER_OBJS := $(DRIVER_LIB_OBJS) $(BUILD)/driver/driver_main.o $(BUILD)/driver/driver_module.o

# Not on PyPy: it has no embedding API for the executable, and the hosted
# module's timing loop would time C calling Python through cpyext, which is
# not what a PyPy program pays; PyPy is timed by harness/pipeline/measure/jit_timing.py.
DRIVERS := $(if $(filter pypy,$(PY_IMPLEMENTATION)),,$(DRIVER) $(HOSTED_DRIVER))
TARGETS := $(LIBKERNELS) $(EXTENSIONS) $(HPY_STUB) $(PYO3_MODULE) $(DRIVERS) $(MODULE_PARTS)
OBJECTS = $(KERNELS_OBJ) $(EXT_OBJS) $(DRIVER_OBJS)


.PHONY: all bench measure charts report reference readme compare validate bench-instr \
	stability memcheck test venv clean pythons merge help mine mine-example releases \
	gate FORCE
.DELETE_ON_ERROR:

all: $(TARGETS)

# The flags and tools in use (harness/provision/provenance.py writes the file,
# rewritten only when it changes: a change of flags rebuilds everything, and
# the results record what was used).  module_flags OBJECT LINKER: the flags
# of one module (and the shared library it links, if any).
module_flags = $(if $(filter CXX,$(2)),"cxxflags_$(1)=$(FINAL_CXXFLAGS) $(EXT_CXXFLAGS_$(1))",\
	"cflags_$(1)=$(FINAL_CFLAGS) $(EXT_CFLAGS_$(1))") \
	$(if $(EXT_LDLIBS_$(1)),"ldlibs_$(1)=$(EXT_LDLIBS_$(1))")
$(BUILD_INFO): FORCE | $(CONFIG_MK)
	$(Q)$(PYTHON) harness/provision/provenance.py build-info $@ "cc=$(CC)" "cflags=$(FINAL_CFLAGS)" "kernel_cflags=$(KERNEL_CFLAGS)" \
	  "cxx=$(CXX)" "cxxflags=$(FINAL_CXXFLAGS)" "ldflags=$(FINAL_LDFLAGS)" \
	  $(foreach m,$(EXT_MODULES),$(call module_flags,$(word 2,$(subst :, ,$(m))),$(word 3,$(subst :, ,$(m))))) \
	  $(if $(HAVE_NANOBIND),"cxxflags_nanobind_lib=$(FINAL_CXXFLAGS) $(NANOBIND_LIB_CXXFLAGS)") \
	  "python=$(PYTHON)" "python_include=$(PY_INCLUDE)" "python_label=$(PY_LABEL)" \
	  "python_gil=$(PY_GIL)" "python_libdir=$(PY_LIBDIR)" \
	  $(if $(ABI3_SHARED),"abi3_module=build/ffibench_abi3.abi3.so (built for $(DEFAULT_PYTHON))") \
	  "py_run=$(PY_RUN)" "venv=$(VENV)" $(if $(HAVE_PYO3),"cargo=$(CARGO)")

# The one kernel object: compiled once, linked into every binary below.
$(KERNELS_OBJ): kernels/kernels.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)$(CC) $(FINAL_CFLAGS) $(KERNEL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIBKERNELS): $(KERNELS_OBJ)
	$(call say,LINK,$@)
	$(Q)$(CC) -shared $(FINAL_LDFLAGS) -o $@ $^

# The driver: C over the C++ Google Benchmark wrapper; position-independent
# throughout, since the hosted front-end is a shared object.
$(BUILD)/driver/%.o: harness/driver/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(PY_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/driver/gbench.o: harness/driver/gbench.cc $(BUILD_INFO)
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) -fPIC $(DEPFLAGS) -c $< -o $@

$(DRIVER): $(BUILD)/driver/driver_main.o $(DRIVER_LIB_OBJS)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(FINAL_LDFLAGS) -o $@ $^ -lbenchmark -lpthread $(PY_EMBED_LIBS)

# Like every extension module: no libpython linked, only PyInit_* exported.
$(HOSTED_DRIVER): $(BUILD)/driver/driver_module.o $(DRIVER_LIB_OBJS) ext/exports.map
	$(call say,LINK,$@)
	$(Q)$(CXX) -shared $(FINAL_LDFLAGS) -Wl,--version-script=ext/exports.map -o $@ \
	    $(filter %.o,$^) -lbenchmark -lpthread

# --- running: each target one script (harness/pipeline/, harness/tools/) ---
# The settings go through the environment, so that BENCH_ARGS reaches the
# pipeline as typed (a regular expression with | or ( needs one level of
# quotes, the shell's).  The scripts run as modules of the harness package,
# from this folder.
export RESULTS QUICK BENCH_ARGS PIN WORKERS EXTRA_WORKERS FRONTEND CHECK CHOICE V
# The targets that only read results run on PYTHON itself (no venv made).
RUN = $(if $(READ_ONLY),$(PYTHON),$(PY_RUN)) -m harness

help:
	@sed -n '/^#   make /,/^$$/s/^# //p' $(firstword $(MAKEFILE_LIST))
	@$(PYTHON) -m harness.pipeline.config

# PYTHONS="3.13 3.13t pypy3 ..." (or all): one make bench per interpreter, each
# into RESULTS/<label>, then make merge of them into RESULTS/merged
# (harness/commands/interpreters.py says what a name means).
bench: $(if $(PYTHONS),,all)
	$(Q)$(if $(PYTHONS),$(PYTHON) -m harness.commands.interpreters \
	  --results=$(RESULTS) --cache=$(PYTHONS_CACHE) $(PYTHONS),$(RUN).pipeline.bench)

# Results folders side by side (other interpreters, machines, commits):
# RUNS="results/a results/b" into OUT (default RESULTS/merged); refused when
# their kernel object or flags differ, unless FORCE=1.
merge:
	$(if $(RUNS),,$(error usage: make merge RUNS="<results folder> <results folder> ..." \
	  [OUT=<folder>, default $(RESULTS)/merged] [FORCE=1]))
	$(Q)$(RUN).commands.merge $(or $(OUT),$(RESULTS)/merged) $(RUNS) $(if $(filter 1,$(FORCE)),--force)

measure: all
	$(Q)$(RUN).pipeline.bench --measure-only

charts:
	$(Q)$(RUN).pipeline.publish.charts $(RESULTS)

report:
	$(Q)$(RUN).pipeline.publish.report $(RESULTS)

# The reference run README.md shows: a full run into results/reference, a
# QUICK run whose metadata (its wall time) is kept beside it, and validate's
# check of it (validate.md); then the generated parts of README.md and docs/.
REFERENCE := results/reference
reference: all venv
	$(Q)$(MAKE) --no-print-directory bench RESULTS=$(REFERENCE)
	$(Q)$(MAKE) --no-print-directory bench QUICK=1 RESULTS=$(BUILD)/quick-reference
	$(Q)cp $(BUILD)/quick-reference/metadata.json $(REFERENCE)/quick_metadata.json
	$(Q)$(RUN).tools.validate $(REFERENCE)/summary.csv > $(REFERENCE)/validate.md
	$(Q)$(RUN).pipeline.publish.readme $(REFERENCE)

readme:
	$(Q)$(RUN).pipeline.publish.readme $(REFERENCE)

compare:
	$(if $(and $(A),$(B)),,$(error usage: make compare A=<reference: a results folder or its \
	  calls.json.gz> B=<the other>, e.g. A=results/reference B=results))
	@$(RUN).tools.compare $(if $(filter 1,$(ESTIMATORS)),--estimators) \
	  $(if $(filter 1,$(BY_WORKERS)),--workers) $(A) $(B)

validate: all venv
	@$(RUN).tools.validate $(RESULTS)/summary.csv $(VALIDATE_PATHS) --pyperf-args="$(PYPERF_ARGS)"

bench-instr: all
	$(if $(HAVE_VALGRIND),,$(error make bench-instr needs valgrind: $(SKIP_VALGRIND)))
	$(Q)$(RUN).tools.instr $(RESULTS) $(INSTR) --frontend=$(FRONTEND)

stability: all venv
	$(Q)$(RUN).tools.stability

memcheck: all
	$(if $(HAVE_VALGRIND),,$(error make memcheck needs valgrind: $(SKIP_VALGRIND)))
	$(if $(SANITIZER),$(error make memcheck cannot run a SANITIZER build))
	$(Q)$(RUN).tools.memcheck

# --- the project's own Python tools, pinned (requirements/*.txt, with hashes),
# in $(VENV), made from $(PYTHON); never the system's (harness/provision/make_venv.sh
# says how, for Debian's interpreter and for the others).  A failure is kept
# (see TOOLS_MK above): the stamp is written either way, with $(VENV).failed
# saying why.
venv: $(VENV_STAMP)
$(VENV_STAMP): requirements/pyperf.txt requirements/bindings.txt requirements/pip.txt \
		requirements/interpreter.txt requirements/cffi2.txt requirements/citation.txt \
		harness/provision/make_venv.sh \
		| $(if $(OWN_VENV),,$(CONFIG_MK))
	$(call say,VENV,"$(VENV) (requirements/*.txt)")
	$(Q)sh harness/provision/make_venv.sh "$(PYTHON)" $(VENV) "$(OWN_VENV)" "$(if $(HAVE_VENV),,$(SKIP_VENV))"

# --- interpreters: CPython from Debian's source packages (harness/provision/pythons.sh),
# built into a cache outside the work tree; each version also free-threaded
# ("t") where it has that build.  PGO=1 for optimised builds (about 3x the time).
# pypy3: Debian's PyPy and its headers (installed as root).
PYTHON_VERSIONS ?= 3.11 3.13 3.13t 3.14 3.14t 3.15 3.15t pypy3
pythons:
	$(Q)sh harness/provision/pythons.sh $(PYTHONS_CACHE) $(PYTHON_VERSIONS)

# --- tests --- (TESTS=<files or folders>: those only; default all; SLOW=1: the
# valgrind runs, and make bench beside other interpreters, too)
TESTS ?= tests
# make mine: your functions (HEADER=, SOURCES= or LIB=) through every binding,
# into RESULTS (results/mine unless RESULTS= is given); harness/mine/run.py.
MINE_KNOBS := HEADER SOURCES LIB FUNCS INCLUDES STRINGS ARGS SIZES
mine: all venv
	$(Q)$(foreach k,$(MINE_KNOBS),$(k)='$($(k))') \
	  RESULTS='$(if $(filter command line environment,$(origin RESULTS)),$(RESULTS),results/mine)' \
	  $(RUN).mine.run

mine-example:
	$(Q)$(MAKE) --no-print-directory mine HEADER=examples/stats.h SOURCES=examples/stats.c

# make releases: the binding tools' series of releases (harness/releases/), into
# RESULTS (results/releases unless RESULTS= is given); counting needs valgrind.
releases: all venv
	$(if $(HAVE_VALGRIND),,$(error make releases needs valgrind: $(SKIP_VALGRIND)))
	$(Q)$(RUN).releases.run --tools='$(TOOLS)' $(if $(filter 1,$(QUICK)),--quick) \
	  --results='$(if $(filter command line environment,$(origin RESULTS)),$(RESULTS),results/releases)'

# make gate BASE=...: harness/tools/gate.py, whose exit status (0 passed, 1 a
# row grew, 2 refused) make reports as its own failure (status 2) with the
# gate's line above it; CURRENT= compares two existing counts.
gate: all
	$(if $(BASE),,$(error usage: make gate BASE=<results folder or its instr.csv> \
	  [GATE_PCT=2] [CURRENT=<results folder or instr.csv>] [INSTR=text]))
	$(if $(or $(CURRENT),$(HAVE_VALGRIND)),,$(error make gate counts with valgrind: $(SKIP_VALGRIND)))
	$(Q)$(RUN).tools.gate $(BASE) --pct=$(or $(GATE_PCT),2) $(if $(CURRENT),--current=$(CURRENT)) \
	  $(if $(INSTR),--text=$(INSTR))

test: all venv
	$(if $(HAVE_PYTEST),,$(error make test needs pytest: $(SKIP_PYTEST)))
	$(SAN_ENV) $(PY_RUN) -m pytest $(SAN_PYTEST) $(if $(filter 1,$(SLOW)),,-m "not slow") $(TESTS)

clean:
	rm -rf $(BUILD)

FORCE:

-include $(OBJECTS:.o=.d)
# The bindings' sources before they moved into ext/<family>/: an older build's
# dependency files still name them, and -MP makes only the headers phony.
# Targets of nothing, they rebuild those objects from their rules' sources.
FORMER_SOURCES := $(addprefix ext/,capi.c ffibench_cython.pyx ffibench_pybind11.cpp \
	ffibench_nanobind.cpp ffibench_hpy.c)
$(FORMER_SOURCES):
