import type { Benchmark } from '../types'
import { apiHttpBenchmark } from './api-http'
import { firstScreenBenchmark } from './first-screen'
import { firstSoundBenchmark } from './first-sound'
import { flakyBenchmark } from './flaky'
import { frameworkBenchmark } from './framework'
import { imagesBenchmark } from './images'
import { lessonMediaBenchmark } from './lesson-media'
import { scaleBenchmark } from './scale'
import { sizesBenchmark } from './sizes'
import { throughputBenchmark } from './throughput'

/** In the order they run (cheapest first, so --quick fails fast on a size budget). */
export const BENCHMARKS: Benchmark[] = [sizesBenchmark, imagesBenchmark, firstScreenBenchmark, flakyBenchmark, throughputBenchmark, apiHttpBenchmark, lessonMediaBenchmark, firstSoundBenchmark, frameworkBenchmark, scaleBenchmark]
