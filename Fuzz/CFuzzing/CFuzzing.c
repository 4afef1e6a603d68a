// The declaration in include/CFuzzing.h is all this target provides.
