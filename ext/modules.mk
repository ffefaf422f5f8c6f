# The extension modules: which are built, each one's extra flags, and their
# rules.  Included by the Makefile (after the kernel object's, the build
# folder's and the interpreter's variables, which these rules use); the
# kernel object, the driver and the commands are the Makefile's.

# Extension modules, each linking build/kernels.o: MODULE:OBJECT:LINKER, the
# object under build/ext/.  The optional ones are built when check_deps.sh
# found their tool; otherwise the registry reports their paths as skipped,
# with the reason from $(CONFIG_MK).  Their link rules are generated below.
EXT_MODULES := ffibench_capi:capi:CC $(if $(HAVE_ABI3),ffibench_abi3:capi_abi3:CC) ffibench_direct:direct:CC \
	$(if $(HAVE_CFFI),ffibench_cffi:cffi:CC) $(if $(HAVE_CYTHON),ffibench_cython:cython:CC) \
	$(if $(HAVE_PYBIND11),ffibench_pybind11:pybind11:CXX) \
	$(if $(HAVE_PYBIND11_V3),ffibench_pybind11_v3:pybind11_v3:CXX) \
	$(if $(HAVE_CYTHON3),ffibench_cython3:cython3:CC) \
	$(if $(HAVE_NANOBIND),ffibench_nanobind:nanobind:CXX) \
	$(if $(HAVE_HPY),ffibench_hpy_cpython:hpy_cpython:CC ffibench_hpy_universal:hpy_universal:CC)
# The Limited API's promise is one binary for every later CPython 3: another
# CPython with the GIL loads the very file Debian's interpreter's build made
# (ABI3_SHARED; the rule is with the link rules below).
ABI3_SHARED := $(if $(and $(filter-out build,$(BUILD)),$(filter cpython,$(PY_IMPLEMENTATION)),$(HAVE_ABI3)),1)
# The stable-ABI module carries the stable ABI's suffix, HPy's universal
# module HPy's (it is one binary for every interpreter).
ext_suffix = $(if $(filter ffibench_abi3,$(1)),.abi3.so,$(if \
	$(filter ffibench_hpy_universal,$(1)),.hpy0.so,$(PY_EXT_SUFFIX)))
ext_file = $(BUILD)/$(1)$(call ext_suffix,$(1))
EXTENSIONS := $(foreach m,$(EXT_MODULES),$(call ext_file,$(word 1,$(subst :, ,$(m)))))
EXT_OBJS = $(foreach m,$(EXT_MODULES),$(BUILD)/ext/$(word 2,$(subst :, ,$(m))).o \
	$(EXT_LIBS_$(word 2,$(subst :, ,$(m)))))

# PyO3's module is built by cargo (ext/pyo3), linking the same kernel object;
# not in a SANITIZER build: its Rust code cannot be built with the sanitizers
# on stable Rust, and with ASan it crashed the interpreter at exit (its
# .fini_array found zeroed); harness/registry/call_paths.py leaves its paths
# out of such a build.
PYO3_MODULE := $(if $(and $(HAVE_PYO3),$(if $(SANITIZER),,1)),$(BUILD)/ffibench_pyo3$(PY_EXT_SUFFIX))
# HPy's universal module is imported through a stub (below).
HPY_STUB := $(if $(HAVE_HPY),$(BUILD)/ffibench_hpy_universal.py)

# Per-module extra flags.  None of them changes code generation (but for
# nanobind's library, below): the stable ABI build selects other declarations
# from Python.h, the floor includes the driver's compiler barriers, and
# Cython's generated C (not ours to fix) has one unused parameter (and, on
# PyPy, type objects without cpyext's extra field).
EXT_CFLAGS_capi :=
EXT_CFLAGS_capi_abi3 := -DPy_LIMITED_API=$(PY_LIMITED_API)
EXT_CFLAGS_direct := -Iharness/driver
EXT_CFLAGS_cffi :=
# On PyPy, cpyext's PyTypeObject has a field more (tp_pypy_flags) that
# Cython's type objects leave out, and Cython 3's fatal-error helper returns
# from a noreturn function on its headers (a warning GCC cannot turn off: not
# an error there even under CFLAGS=-Werror).
CYTHON_WARNINGS := -Wno-unused-parameter \
	$(if $(filter pypy,$(PY_IMPLEMENTATION)),-Wno-missing-field-initializers -Wno-error)
EXT_CFLAGS_cython := $(CYTHON_WARNINGS)
# pybind11 asks for hidden visibility; the kernels are local in every module
# anyway (ext/exports.map), so this changes nothing in how they are called.
EXT_CXXFLAGS_pybind11 := -fvisibility=hidden
# The same source built against pybind11 3 (its headers first on the path;
# Debian's 2.10 are in /usr/include) under its own module name.
EXT_CXXFLAGS_pybind11_v3 = -fvisibility=hidden -I$(PYBIND11_V3_DIR) \
	-DFFB_PYBIND11_MODULE=ffibench_pybind11_v3
EXT_CFLAGS_cython3 := $(CYTHON_WARNINGS)
# nanobind: its headers, and its library (src/nb_combined.cpp, the one file
# its docs give for builds without CMake) linked into the module, as its CMake
# build does by default (NB_STATIC).  Its CMake build compiles both with -Os
# (size) in release builds; here they get the same -O level as every path.
# NB_BUILD and -fno-strict-aliasing are what its CMake build gives the library.
NANOBIND_INCLUDES = -I$(NANOBIND_DIR)/include -I$(NANOBIND_DIR)/ext/robin_map/include
# On a free-threaded build, NB_FREE_THREADED (as its CMake build's FREE_THREADED
# option): the module declares it needs no GIL, the library its locking.
EXT_CXXFLAGS_nanobind = -fvisibility=hidden $(NANOBIND_INCLUDES) \
	$(if $(filter gil_disabled,$(PY_GIL)),-DNB_FREE_THREADED)
NANOBIND_LIB_CXXFLAGS = $(EXT_CXXFLAGS_nanobind) -DNB_BUILD -fno-strict-aliasing
EXT_LIBS_nanobind := $(BUILD)/ext/nanobind_lib.o
# HPy: one source (ext/ffibench_hpy.c) for both ABIs, and HPy's runtime
# helpers (hpy.devel's sources: argument parsing and the like, plus, for the
# CPython ABI, the context functions) compiled with the same flags, as its
# setuptools plugin does.  The universal build cannot include Python.h (HPy's
# forbid_python_h folder makes that an error).
HPY_DEVEL = $(HPY_DIR)/hpy/devel
HPY_RUNTIME := argparse buildvalue format helpers structseq
# HPy's headers need what Python.h defines (_GNU_SOURCE), and warn on our
# -Wall -Wextra: taken as system headers; its HPyDef_METH macro leaves a field
# uninitialised, and its runtime sources (not ours to fix) warn on
# -Wextra's unused parameters and function casts.
HPY_CFLAGS = -DHPY -D_GNU_SOURCE -isystem $(HPY_DEVEL)/include -Wno-missing-field-initializers
HPY_RUNTIME_CFLAGS := -Wno-unused-parameter -Wno-cast-function-type
EXT_CFLAGS_hpy_cpython = $(HPY_CFLAGS) -DHPY_ABI_CPYTHON
EXT_CFLAGS_hpy_universal = $(HPY_CFLAGS) -DHPY_ABI_UNIVERSAL -I$(HPY_DEVEL)/include/hpy/forbid_python_h
hpy_objs = $(addprefix $(BUILD)/ext/$(1)/,$(addsuffix .o,$(2)))
EXT_LIBS_hpy_cpython = $(call hpy_objs,hpy_cpython,$(HPY_RUNTIME) \
	$(basename $(notdir $(wildcard $(HPY_DEVEL)/src/runtime/ctx_*.c))))
EXT_LIBS_hpy_universal = $(call hpy_objs,hpy_universal,$(HPY_RUNTIME))
# The universal module exports what hpy.universal looks up instead of PyInit_*.
EXT_MAP_hpy_universal := ext/exports_hpy.map

# Extension objects: the same C flags as the kernels, plus the interpreter's
# headers.  No setuptools.
EXT_CC = $(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_$*) $(PY_CFLAGS) -Ikernels -Iext $(DEPFLAGS)

$(BUILD)/ext/%.o: ext/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

# The floor calling the kernels from C is built like the extension modules.
$(BUILD)/ext/direct.o: $(BUILD)/ext/%.o: floors/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

$(BUILD)/ext/capi_abi3.o: $(BUILD)/ext/%.o: ext/capi.c $(BUILD_INFO)
	$(call say,CC,"$< (abi3)")
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

$(BUILD)/ext/hpy_cpython.o $(BUILD)/ext/hpy_universal.o: $(BUILD)/ext/%.o: ext/ffibench_hpy.c \
		$(BUILD_INFO)
	$(call say,CC,"$< ($*)")
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CC) -c $< -o $@

# HPy's runtime helpers, once per ABI (under build/ext/hpy_<abi>/).
$(BUILD)/ext/hpy_cpython/%.o: $(HPY_DEVEL)/src/runtime/%.c $(BUILD_INFO)
	$(call say,CC,"hpy.devel $*.c (cpython)")
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_hpy_cpython) $(HPY_RUNTIME_CFLAGS) $(PY_CFLAGS) \
	    $(DEPFLAGS) -c $< -o $@
$(BUILD)/ext/hpy_universal/%.o: $(HPY_DEVEL)/src/runtime/%.c $(BUILD_INFO)
	$(call say,CC,"hpy.devel $*.c (universal)")
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_hpy_universal) $(HPY_RUNTIME_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/ext/%.o: $(GEN)/%.c $(BUILD_INFO)
	$(call say,CC,$<)
	$(Q)$(EXT_CC) -c $< -o $@

EXT_CXX = $(CXX) $(FINAL_CXXFLAGS) -fPIC $(EXT_CXXFLAGS_$*) $(PY_CFLAGS) -Ikernels $(DEPFLAGS)
$(BUILD)/ext/%.o: ext/ffibench_%.cpp $(BUILD_INFO)
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CXX) -c $< -o $@

$(BUILD)/ext/pybind11_v3.o: $(BUILD)/ext/%.o: ext/ffibench_pybind11.cpp $(BUILD_INFO)
	$(call say,CXX,"$< (pybind11 3)")
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_CXX) -c $< -o $@

$(BUILD)/ext/nanobind_lib.o: $(NANOBIND_DIR)/src/nb_combined.cpp $(BUILD_INFO)
	$(call say,CXX,"nanobind's library")
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(FINAL_CXXFLAGS) -fPIC $(NANOBIND_LIB_CXXFLAGS) $(PY_CFLAGS) $(DEPFLAGS) -c $< -o $@

# Generated C: cffi's out-of-line API mode and Cython.
$(GEN)/cffi.c: cffi_bindings/build_cffi_api.py cffi_bindings/kernels_cdef.py kernels/kernels.h | $(CONFIG_MK)
	$(call say,CFFI,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PY_RUN) cffi_bindings/build_cffi_api.py $@

$(GEN)/cython.c: ext/ffibench_cython.pyx kernels/kernels.h | $(CONFIG_MK)
	$(call say,CYTHON,$<)
	$(Q)mkdir -p $(@D)
	$(Q)cython3 -3 -I kernels -o $@ $<

# The same .pyx through Cython 3 (build/venv), under its own module name;
# freethreading_compatible: on a free-threaded build, importing it leaves the
# GIL off (the module shares no state; no effect on other builds).
$(GEN)/cython3.c: ext/ffibench_cython.pyx kernels/kernels.h $(VENV_STAMP) | $(CONFIG_MK)
	$(call say,CYTHON3,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(VENV)/bin/cython -3 -X freethreading_compatible=True --module-name ffibench_cython3 \
	  -I kernels -o $@ $<

# Linking a module: its object, the kernel object, exports limited to PyInit_*
# (ext/exports.map); C++ modules link with the C++ driver.  One rule per entry
# of EXT_MODULES.
module_map = $(or $(EXT_MAP_$(1)),ext/exports.map)
define module_rule
$(call ext_file,$(1)): $(BUILD)/ext/$(2).o $(EXT_LIBS_$(2)) $(KERNELS_OBJ) $(call module_map,$(2))
	$$(call say,LINK,$$@)
	$$(Q)$$($(3)) -shared $$(FINAL_LDFLAGS) -Wl,--version-script=$(call module_map,$(2)) -o $$@ \
	    $$(filter %.o,$$^)
endef
$(foreach m,$(filter-out $(if $(ABI3_SHARED),ffibench_abi3:%),$(EXT_MODULES)),$(eval $(call \
	module_rule,$(word 1,$(subst :, ,$(m))),$(word 2,$(subst :, ,$(m))),$(word 3,$(subst :, ,$(m))))))

# ABI3_SHARED: build/ffibench_abi3.abi3.so is made first by a make for
# Debian's interpreter, then copied (a CPython older than that one would refuse
# it, and the path would be skipped with its ImportError).
ifneq ($(ABI3_SHARED),)
$(call ext_file,ffibench_abi3): FORCE
	$(Q)$(MAKE) --no-print-directory PYTHON=$(DEFAULT_PYTHON) build/ffibench_abi3.abi3.so
	$(Q)cmp -s build/ffibench_abi3.abi3.so $@ || cp build/ffibench_abi3.abi3.so $@
endif

# What building each module makes, one line per module: MODULE FILE and the
# files made on the way (its object, its libraries' objects, its generated C;
# PyO3: cargo's whole target folder), into $(MODULE_PARTS), which
# harness/pipeline/ownership.py reads to time a module's build from clean
# (build/kernels.o, shared by every module, stays).
module_parts = "$(1) $(call ext_file,$(1)) $(BUILD)/ext/$(2).o $(EXT_LIBS_$(2)) \
	$(filter $(GEN)/$(2).c,$(GEN)/cffi.c $(GEN)/cython.c $(GEN)/cython3.c)"
$(MODULE_PARTS): FORCE | $(CONFIG_MK)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/tools/provenance.py module-parts $@ \
	  $(foreach m,$(EXT_MODULES),$(call module_parts,$(word 1,$(subst :, ,$(m))),$(word \
	  2,$(subst :, ,$(m))))) $(if $(PYO3_MODULE),"ffibench_pyo3 $(PYO3_MODULE) $(BUILD)/cargo")

# HPy's universal module is imported through a stub, as HPy's build writes it.
$(HPY_STUB): ext/hpy_universal_stub.py $(TOOLS_MK)
	$(call say,STUB,$@)
	$(Q)sed 's|@HPY_DIR@|$(HPY_DIR)|' $< > $@

# PyO3's module: cargo builds ext/pyo3 (Cargo.lock pinned, crates fetched by
# check_tools.sh, so offline here) for PYTHON, linking build/kernels.o
# (ext/pyo3/build.rs); the library is then named like every module.
# Cargo.toml sets the optimisation level (opt-level 2, as -O2).
$(PYO3_MODULE): ext/pyo3/Cargo.toml ext/pyo3/Cargo.lock ext/pyo3/build.rs ext/pyo3/src/lib.rs \
		$(KERNELS_OBJ) $(BUILD_INFO)
	$(call say,CARGO,ext/pyo3)
	$(Q)cd ext/pyo3 && FFB_KERNELS_OBJ=$(abspath $(KERNELS_OBJ)) PYO3_PYTHON=$(PYTHON) \
	  CARGO_TARGET_DIR=$(abspath $(BUILD)/cargo) $(CARGO) build --release --locked --offline --quiet
	$(Q)cp $(BUILD)/cargo/release/libffibench_pyo3.so $@
