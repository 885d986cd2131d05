"""Registry sources mapped to the TrialGraph model; one subpackage per registry."""
