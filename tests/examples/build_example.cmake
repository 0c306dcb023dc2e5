# cmake -P: installs OpsQuery from BUILD_DIR into WORK_DIR/prefix, builds examples/restbrowser
# against it and runs it on a JSON file. Fails on any step.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/api)

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
    set(output "${out}" PARENT_SCOPE)
endfunction()

run("install the OpsQuery component" ${CMAKE_COMMAND} --install ${BUILD_DIR}
    --component OpsQuery --prefix ${WORK_DIR}/prefix)
foreach(header query/queryclient.h query/rowlist.h core/error.h)
    if(NOT EXISTS ${WORK_DIR}/prefix/include/opsquery/${header})
        message(FATAL_ERROR "not installed: include/opsquery/${header}")
    endif()
endforeach()
if(EXISTS ${WORK_DIR}/prefix/include/opsquery/query/queryclient_p.h)
    message(FATAL_ERROR "a private header was installed")
endif()

set(launcher)
if(COMPILER_LAUNCHER)
    set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER})
endif()
run("configure examples/restbrowser" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/restbrowser
    -B ${WORK_DIR}/build -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${launcher}
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" -DQt6_DIR=${QT_DIR}
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}")
run("build examples/restbrowser" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

# Any JSON API will do: a file:// one is there without a network.
file(WRITE ${WORK_DIR}/api/users
    "[{\"id\": 1, \"name\": \"Ada\"}, {\"id\": 2, \"name\": \"Grace\"}]")
run("run restbrowser" ${WORK_DIR}/build/restbrowser file://${WORK_DIR}/api users)
if(NOT output MATCHES "Grace")
    message(FATAL_ERROR "restbrowser printed no data:\n${output}")
endif()
message(STATUS "restbrowser read the API:\n${output}")
