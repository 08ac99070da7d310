"""AI declarations, the AI-native rubric and pivots."""
