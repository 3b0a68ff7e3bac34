Route #1: 15 22 41 20
Route #2: 54 70 1
Route #3: 92 9 86
Route #4: 68 90 84 66
Route #5: 69 16 55 76
Route #6: 4 13 74
Route #7: 5 12 58
Route #8: 18 10 39
Route #9: 35 46 31
Route #10: 7 49 2 45 43 37
Route #11: 44 28 42 25
Route #12: 40 77 14 63
Route #13: 65 78 6 36 29 87
Route #14: 82 72 57 60 88
Route #15: 34 64 96 59 67
Route #16: 94 3 80
Route #17: 56 26 48 47 38
Route #18: 17 8 21
Route #19: 89 98 99 62 71
Route #20: 100 61 23
Route #21: 19 97 27
Route #22: 81 51 83
Route #23: 50 91 52
Route #24: 30 85 11 79
Route #25: 75 93
Route #26: 32 33 53 73 95 24
Cost 27665
