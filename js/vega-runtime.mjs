// The chart runtime the site serves: only the parts of Vega that draw a compiled spec.
// Specs are compiled from Vega-Lite to Vega when the site is built, so the Vega-Lite compiler
// and vega-embed never reach a reader's browser; expressions are evaluated by vega-interpreter,
// so a Content-Security-Policy without 'unsafe-eval' still lets charts draw.
import { transforms } from "vega-dataflow";
import * as encodeTransforms from "vega-encode";
import * as dataTransforms from "vega-transforms";
import * as viewTransforms from "vega-view-transforms";
import { expressionInterpreter } from "vega-interpreter";
import { parse } from "vega-parser";
import { View } from "vega-view";

// The full Vega build registers every transform; ours registers only those a compiled
// Vega-Lite chart of ours can use (filter, formula, aggregate, stack, scales, axes, legends ...).
Object.assign(transforms, dataTransforms, viewTransforms, encodeTransforms);

window.vega = { parse, View, expressionInterpreter };
