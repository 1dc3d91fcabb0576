"""Plans, usage, credits and referrals (issue 7). The trial clock itself starts in accounts at sign-up."""
