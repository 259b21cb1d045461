/**
 * Imports an Akash SDL ({@code deploy.yaml}, versions 2.0 and 2.1) as market orders. Pure: text in,
 * a value out, either the orders with the workloads they run and the warnings, or the errors, each
 * with a stable code and the path of the offending field. The YAML is read event by event so that
 * anchors, aliases, tags and duplicate keys are refused before anything is built from them.
 */
package dev.gridmint.market.sdl;
