// Benchmarks arrive with the benchmark issue; see the README's Performance section once they do.
console.log('no benchmarks yet')
