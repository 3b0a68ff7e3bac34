Route #1: 1 2 3
Route #2: 4 5
Cost 100
