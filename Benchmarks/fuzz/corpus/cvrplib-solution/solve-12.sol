Route #1: 12 6 1 11 3 7
Route #2: 9 10 5 4
Route #3: 2 8
Cost 362
