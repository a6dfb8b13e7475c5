"""Published decision problems used by more than one test module."""

# Chakraborty, Zavadskas & Antucheviciene (2015), Economic Computation and Economic
# Cybernetics Studies and Research 49(1), 5-22, Example 2 (as transcribed in
# scikit-criteria's test ``test_WASPAS_chakraborty2015applications``).
CHAKRABORTY = [
    [581818, 54.49, 3, 5500], [595454, 49.73, 3, 4500], [586060, 51.24, 3, 5000], [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200], [543030, 74.46, 4, 5600], [522727, 75.42, 4, 5800], [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400], [513333, 70.67, 4, 6000],
]
CHAKRABORTY_T = [-1, -1, -1, 1]
CHAKRABORTY_W = [0.467, 0.160, 0.095, 0.278]
