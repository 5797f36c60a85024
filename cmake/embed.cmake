# tc_embed(TARGET_VAR SYMBOL FILE): turn FILE into a C source defining
#   const unsigned char SYMBOL[]; const size_t SYMBOL_len;
# (NUL-terminated, the NUL not counted), regenerated when FILE changes.
# Used for the reference data the pure domain layer parses from memory.
function(tc_embed out_var symbol file)
  set(src "${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.c")
  add_custom_command(
    OUTPUT "${src}"
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${src} -DSYM=${symbol}
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake"
    DEPENDS "${file}" "${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake"
    COMMENT "Embedding ${file}")
  set(${out_var} "${src}" PARENT_SCOPE)
endfunction()
