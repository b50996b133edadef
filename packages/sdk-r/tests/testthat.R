# Offline tests always run; the live ones need a server: set PERSON_RUN_TEST_BASE_URL and
# PERSON_RUN_TEST_ADMIN_KEY, or run from the repository (tests/testthat/setup.R starts one).
library(testthat)
library(personrun)

test_check("personrun")
