/** How answers are shown: tables, JSON, YAML, and problems as readable text. */
package io.slipway.cli.render;
