# The extension modules: which are built, how an object is compiled and a
# module linked, and what building each makes.  Each binding family's own
# flags and rules are in its folder (ext/<family>/<family>.mk, included
# below).  Included by the Makefile (after the kernel object's, the build
# folder's and the interpreter's variables, which these rules use); the
# kernel object, the driver and the commands are the Makefile's.

# Extension modules, each linking build/kernels.o: MODULE:OBJECT:LINKER, the
# object under build/ext/.  The optional ones are built when check_deps.sh
# found their tool; otherwise the registry reports their paths as skipped,
# with the reason from $(CONFIG_MK).  Their link rules are generated below.
EXT_MODULES := ffibench_capi:capi:CC $(if $(HAVE_ABI3),ffibench_abi3:capi_abi3:CC) ffibench_direct:direct:CC \
	$(if $(HAVE_CFFI),ffibench_cffi:cffi:CC) $(if $(HAVE_CFFI2),ffibench_cffi2:cffi2:CC) \
	$(if $(HAVE_CYTHON),ffibench_cython:cython:CC) \
	$(if $(HAVE_PYBIND11),ffibench_pybind11:pybind11:CXX) \
	$(if $(HAVE_PYBIND11_V3),ffibench_pybind11_v3:pybind11_v3:CXX) \
	$(if $(HAVE_CYTHON3),ffibench_cython3:cython3:CC) \
	$(if $(HAVE_NANOBIND),ffibench_nanobind:nanobind:CXX) \
	$(if $(HAVE_HPY),ffibench_hpy_cpython:hpy_cpython:CC ffibench_hpy_universal:hpy_universal:CC) \
	$(if $(HAVE_SWIG),_ffibench_swig:swig:CC _ffibench_swig_builtin:swig_builtin:CC) \
	$(if $(HAVE_SWIG_V4_5),_ffibench_swig_v4_5:swig_v4_5:CC \
	  _ffibench_swig_v4_5_builtin:swig_v4_5_builtin:CC) \
	$(if $(HAVE_BOOST_PYTHON),ffibench_boost_python:boost_python:CXX)
# The Limited API's promise is one binary for every later CPython 3: another
# CPython with the GIL loads the very file Debian's interpreter's build made
# (ABI3_SHARED; its rule is in ext/capi/capi.mk).
ABI3_SHARED := $(if $(and $(filter-out build,$(BUILD)),$(filter cpython,$(PY_IMPLEMENTATION)),$(HAVE_ABI3)),1)
# The stable-ABI module carries the stable ABI's suffix, HPy's universal
# module HPy's (it is one binary for every interpreter).
ext_suffix = $(if $(filter ffibench_abi3,$(1)),.abi3.so,$(if \
	$(filter ffibench_hpy_universal,$(1)),.hpy0.so,$(PY_EXT_SUFFIX)))
ext_file = $(BUILD)/$(1)$(call ext_suffix,$(1))
EXTENSIONS := $(foreach m,$(EXT_MODULES),$(call ext_file,$(word 1,$(subst :, ,$(m)))))
EXT_OBJS = $(foreach m,$(EXT_MODULES),$(BUILD)/ext/$(word 2,$(subst :, ,$(m))).o \
	$(EXT_LIBS_$(word 2,$(subst :, ,$(m)))))

# Per-module extra flags (the families' are in their folders).  None of them
# changes code generation (but for nanobind's library): the stable ABI build
# selects other declarations from Python.h, the floor includes the driver's
# compiler barriers, and Cython's generated C (not ours to fix) has one
# unused parameter (and, on PyPy, type objects without cpyext's extra field).
EXT_CFLAGS_direct := -Iharness/driver
EXT_CFLAGS_cffi :=
EXT_CFLAGS_cffi2 :=

# Each binding family's flags and rules, in its folder.
include ext/capi/capi.mk ext/cython/cython.mk ext/pybind11/pybind11.mk \
	ext/nanobind/nanobind.mk ext/hpy/hpy.mk ext/pyo3/pyo3.mk ext/swig/swig.mk \
	ext/boost_python/boost_python.mk

# Extension objects: the same C flags as the kernels, plus the interpreter's
# headers.  No setuptools.
EXT_CC = $(CC) $(FINAL_CFLAGS) $(EXT_CFLAGS_$*) $(PY_CFLAGS) -Ikernels -Iext $(DEPFLAGS)

# The recipe of every module's object: $(1) CC or CXX, $* the object's name
# (which selects its flags, EXT_CFLAGS_$* or EXT_CXXFLAGS_$*).
define ext_compile
	$(call say,$(1),"$< ($*)")
	$(Q)mkdir -p $(@D)
	$(Q)$(EXT_$(1)) -c $< -o $@
endef

# The floor calling the kernels from C is built like the extension modules.
$(BUILD)/ext/direct.o: $(BUILD)/ext/%.o: floors/%.c $(BUILD_INFO)
	$(call ext_compile,CC)

EXT_CXX = $(CXX) $(FINAL_CXXFLAGS) -fPIC $(EXT_CXXFLAGS_$*) $(PY_CFLAGS) -Ikernels -Iext $(DEPFLAGS)

# Generated C (cffi's out-of-line API mode, by either cffi, below; Cython's,
# ext/cython/; SWIG's, ext/swig/) compiled like the rest.  EXT_GENERATED_<object>:
# the files generating an object's C makes.
$(BUILD)/ext/%.o: $(GEN)/%.c $(BUILD_INFO)
	$(call ext_compile,CC)

EXT_GENERATED_cffi := $(GEN)/cffi.c
EXT_GENERATED_cffi2 := $(GEN)/cffi2.c
$(GEN)/cffi.c: cffi_bindings/build_cffi_api.py cffi_bindings/kernels_cdef.py kernels/kernels.h | $(CONFIG_MK)
	$(call say,CFFI,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PY_RUN) cffi_bindings/build_cffi_api.py $@ ffibench_cffi

# The same declarations through cffi 2's recompiler (build/cffi2, first on
# the path: its cffi and its _cffi_backend).
$(GEN)/cffi2.c: cffi_bindings/build_cffi_api.py cffi_bindings/kernels_cdef.py kernels/kernels.h \
		$(VENV_STAMP) | $(CONFIG_MK)
	$(call say,CFFI2,$@)
	$(Q)mkdir -p $(@D)
	$(Q)PYTHONPATH=$(CFFI2_DIR) $(PY_RUN) cffi_bindings/build_cffi_api.py $@ ffibench_cffi2

# Linking a module: its object, the kernel object, exports limited to PyInit_*
# (ext/exports.map); C++ modules link with the C++ driver; a tool's shared
# library (EXT_LDLIBS_<object>) last.  One rule per entry of EXT_MODULES.
module_map = $(or $(EXT_MAP_$(1)),ext/exports.map)
define module_rule
$(call ext_file,$(1)): $(BUILD)/ext/$(2).o $(EXT_LIBS_$(2)) $(KERNELS_OBJ) $(call module_map,$(2))
	$$(call say,LINK,$$@)
	$$(Q)$$($(3)) -shared $$(FINAL_LDFLAGS) -Wl,--version-script=$(call module_map,$(2)) -o $$@ \
	    $$(filter %.o,$$^) $(EXT_LDLIBS_$(2))
endef
$(foreach m,$(filter-out $(if $(ABI3_SHARED),ffibench_abi3:%),$(EXT_MODULES)),$(eval $(call \
	module_rule,$(word 1,$(subst :, ,$(m))),$(word 2,$(subst :, ,$(m))),$(word 3,$(subst :, ,$(m))))))

# What building each module makes, one line per module: MODULE FILE and the
# files made on the way (its object, its libraries' objects, its generated
# files; PyO3: cargo's whole target folder), into $(MODULE_PARTS), which
# harness/pipeline/choice/ownership.py reads to time a module's build from clean
# (build/kernels.o, shared by every module, stays).
module_parts = "$(1) $(call ext_file,$(1)) $(BUILD)/ext/$(2).o $(EXT_LIBS_$(2)) \
	$(EXT_GENERATED_$(2))"
$(MODULE_PARTS): FORCE | $(CONFIG_MK)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) harness/provision/provenance.py module-parts $@ \
	  $(foreach m,$(EXT_MODULES),$(call module_parts,$(word 1,$(subst :, ,$(m))),$(word \
	  2,$(subst :, ,$(m))))) $(if $(PYO3_MODULE),"ffibench_pyo3 $(PYO3_MODULE) $(BUILD)/cargo")

