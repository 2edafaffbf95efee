# Builds one target and checks the outcome, for the ctest entries of tests/build/CMakeLists.txt:
#   cmake -DBUILD_DIR=DIR -DTARGET=NAME -DEXPECT=success -P expect_build.cmake
#   cmake -DBUILD_DIR=DIR -DTARGET=NAME -DEXPECT=failure -DERROR_REGEX=REGEX -P expect_build.cmake
# A failure passes only when the build's output matches ERROR_REGEX, so a build that fails for another
# reason (a broken library, a missing compiler) does not count as the expected failure.
foreach(variable BUILD_DIR TARGET EXPECT)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "expect_build.cmake: -D${variable}=... is required")
  endif()
endforeach()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}"
                RESULT_VARIABLE code OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(EXPECT STREQUAL "success")
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "target ${TARGET} was expected to build, but the build failed (${code}):\n${output}")
  endif()
  message(STATUS "target ${TARGET} builds, as expected")
elseif(EXPECT STREQUAL "failure")
  if(code EQUAL 0)
    message(FATAL_ERROR "target ${TARGET} was expected to fail to build, but it built:\n${output}")
  endif()
  if(NOT output MATCHES "${ERROR_REGEX}")
    message(FATAL_ERROR "target ${TARGET} failed to build, but not with the expected error "
                        "(${ERROR_REGEX}):\n${output}")
  endif()
  message(STATUS "target ${TARGET} fails to build, as expected: ${CMAKE_MATCH_0}")
else()
  message(FATAL_ERROR "expect_build.cmake: EXPECT must be success or failure, got '${EXPECT}'")
endif()
