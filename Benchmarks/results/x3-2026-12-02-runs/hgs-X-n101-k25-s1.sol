Route #1: 35 46 31
Route #2: 20 41 22 15
Route #3: 54 70 1
Route #4: 92 9 86
Route #5: 68 90 84 66
Route #6: 76 55 16 69
Route #7: 4 13 74
Route #8: 58 12 5
Route #9: 39 10 18
Route #10: 25 65 78 42 28
Route #11: 7 2 45 43 29 36 72 57
Route #12: 14 49 6 37 87
Route #13: 63 77 3
Route #14: 40 88 67 44
Route #15: 82 60 59
Route #16: 8 17
Route #17: 34 64 96 48 26 47 38
Route #18: 80 94 56 21
Route #19: 89 98 99 62 71
Route #20: 23 61 100
Route #21: 27 97 19
Route #22: 81 51 83
Route #23: 50 91 52
Route #24: 79 11 85 30
Route #25: 93 75
Route #26: 32 33 53 73 95 24
Cost 27591
