/**
 * From a valid inventory to the view `kosh graph --by` asks for: classify and
 * build the graph, and, per wave, run the planner first. An inventory with no
 * valid plan has no waves to draw: that is a result (the planner's reasons),
 * not an exception, and the command decides the exit code.
 */
import {classify} from '../../classify/classify.js'
import type {Inventory} from '../../model/inventory.js'
import type {Infeasibility} from '../../plan/plan.js'
import {runPlan} from '../../plan/run.js'
import {buildGraph} from '../build.js'
import {compile} from '../compile.js'
import {systemView, waveView, zoneView, type GraphBy, type GraphView} from './view.js'

export type DrawResult = {view: GraphView; infeasible?: undefined} | {view?: undefined; infeasible: Infeasibility[]}

export function drawGraph(inventory: Inventory, by: GraphBy): DrawResult {
  if (by === 'wave') {
    const run = runPlan(inventory, {})
    if (!run.plan.feasible) return {infeasible: run.plan.infeasible}
    return {view: waveView(buildGraph(inventory, run.classification), run.plan.waves)}
  }
  const graph = buildGraph(inventory, classify(compile(inventory)))
  return {view: by === 'zone' ? zoneView(graph) : systemView(graph)}
}
