# Boost.Python: Debian's Boost 1.74 (libboost-python-dev).
# This family's part of ext/modules.mk (included from there): the same
# flags as every module, and linked with build/kernels.o like every module,
# and with Boost.Python's own shared library, libboost_python<version>, which
# Debian builds for its Python 3 (3.11) only (harness/provision/check_deps.sh
# skips the path for another interpreter, with the reason).

# Hidden visibility, as for pybind11 (the kernels are local in every module
# anyway: ext/exports.map).  The two macros silence Boost 1.74's notes about
# its own deprecated headers (it includes them itself), and
# -Wno-maybe-uninitialized a warning GCC gives inside Boost's extract<> in the
# sanitizer build (its storage is written by the converter it calls); none of
# them changes the code.
# In the UBSan build, its vptr check is off for this module: Boost.Python
# destroys the instance holders this module defines (with hidden
# visibility) from its own uninstrumented library, and the check aborted the
# process freeing a Point (without it, the same tests pass under ASan and
# the rest of UBSan).
EXT_CXXFLAGS_boost_python := -fvisibility=hidden -DBOOST_BIND_GLOBAL_PLACEHOLDERS \
	-DBOOST_ALLOW_DEPRECATED_HEADERS -Wno-maybe-uninitialized \
	$(if $(filter undefined,$(SANITIZER_LIST)),-fno-sanitize=vptr)
# Its library is named for the interpreter's version: libboost_python311.
BOOST_PYTHON_VERSION := $(subst .,,$(PY_LDVERSION))
EXT_LDLIBS_boost_python := -lboost_python$(BOOST_PYTHON_VERSION)

$(BUILD)/ext/boost_python.o: $(BUILD)/ext/%.o: ext/boost_python/ffibench_%.cpp $(BUILD_INFO)
	$(call ext_compile,CXX)
