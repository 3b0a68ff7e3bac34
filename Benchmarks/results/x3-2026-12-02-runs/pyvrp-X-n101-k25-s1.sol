Route #1: 87 37 43 45 2 49 7
Route #2: 94 8
Route #3: 32 31 95
Route #4: 93 30 85 11
Route #5: 20 41 22 15
Route #6: 75 33 53 73
Route #7: 80 17 58
Route #8: 82 72 60 96
Route #9: 71 62 99 98 89
Route #10: 34 64 3 59 88 40
Route #11: 81 51 83
Route #12: 56 26 48 47 38
Route #13: 5 35 46 24
Route #14: 63 65 42 28 14
Route #15: 100 61 23
Route #16: 57 29 36 6 78
Route #17: 52 27 21
Route #18: 97 91 19
Route #19: 44 77 67
Route #20: 25 10 39
Route #21: 12 18
Route #22: 68 54 86
Route #23: 92 70 1
Route #24: 90 55 9
Route #25: 79 50
Route #26: 4 13 84 66
Route #27: 76 16 69 74
Cost 28063
