/**
 * From a valid inventory to the view `kosh graph --by` asks for: classify and
 * build the graph (per zone and per wave only its systems: those views count
 * the flows straight from the inventory), and, per wave, run the planner
 * first. An inventory with no valid plan has no waves to draw: that is a
 * result (the planner's reasons), not an exception, and the command decides
 * the exit code.
 */
import {classify, type Classification} from '../../classify/classify.js'
import type {Inventory} from '../../model/inventory.js'
import type {Infeasibility} from '../../plan/plan.js'
import {planWithoutDocument} from '../../plan/run.js'
import {buildGraph, buildSystemsGraph, classesFor} from '../build.js'
import {compile} from '../compile.js'
import {systemView, waveView, zoneView, type FlowsOf, type GraphBy, type GraphView} from './view.js'

export type DrawResult = {view: GraphView; infeasible?: undefined} | {view?: undefined; infeasible: Infeasibility[]}

export function drawGraph(inventory: Inventory, by: GraphBy): DrawResult {
  if (by === 'wave') {
    const run = planWithoutDocument(inventory, {})
    if (!run.plan.feasible) return {infeasible: run.plan.infeasible}
    return {view: waveView(buildSystemsGraph(inventory, run.classification), run.plan.waves, inventoryFlows(inventory, run.classification))}
  }
  const classification = classify(compile(inventory))
  if (by === 'zone') return {view: zoneView(buildSystemsGraph(inventory, classification), inventoryFlows(inventory, classification))}
  return {view: systemView(buildGraph(inventory, classification))}
}

/** The flows as the zone and wave views count them, from the inventory: what the graph's flow edges would hold. */
function inventoryFlows(inventory: Inventory, classification: Classification): FlowsOf {
  return (visit) => {
    const flows = inventory.flows
    for (let f = 0; f < flows.length; f++) visit(flows[f].source, flows[f].target, flows[f].coupling === 'tight', classesFor(classification.carried[f]))
  }
}
