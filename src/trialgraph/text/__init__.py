"""Reading free text: criteria splitting, lab thresholds, doses and routes, contact details to remove."""
