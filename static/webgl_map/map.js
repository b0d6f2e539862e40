// The City Diplomacy map drawn with deck.gl (the global `deck` of deck.gl/dist.min.js).
//
// CityMap.draw(element, data, onCity) draws the map that graph/views/map_webgl.py
// map_data() describes and returns {update(data)}. Ties come as their two ends: the
// great circle is drawn by deck.gl's ArcLayer, or, for a tie that crosses the
// antimeridian (cut there) or is dashed, as paths of data.arc_points points made here.
// City names and the legend are HTML over the canvas, so the browser shapes Persian.
// Every text in data is already HTML-escaped. window.cityMapStats records when the map
// was first drawn and how long each zoom, pan or hover took to its next finished frame.
(function () {
  "use strict";

  const stats = { firstDraw: null, marks: {}, frames: { zoom: [], pan: [], hover: [] }, renders: 0, clicks: [] };
  window.cityMapStats = stats;
  let pending = null; // {kind, at}: an input waiting for its frame

  function rgb(hex) {
    const h = hex.replace("#", "");
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }

  function unit(lon, lat) {
    const a = (lon * Math.PI) / 180;
    const b = (lat * Math.PI) / 180;
    return [Math.cos(b) * Math.cos(a), Math.cos(b) * Math.sin(a), Math.sin(b)];
  }

  // The great circle from p to q (lon, lat degrees) as one path, or two when it crosses
  // the antimeridian (each ends at +-180 on the crossing latitude).
  function greatCircle(p, q, n) {
    const a = unit(p[0], p[1]);
    const b = unit(q[0], q[1]);
    const dot = Math.min(1, Math.max(-1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
    const omega = Math.acos(dot);
    const s = Math.sin(omega);
    const points = [];
    for (let k = 0; k <= n; k++) {
      const f = k / n;
      const wa = s < 1e-12 ? 1 - f : Math.sin((1 - f) * omega) / s;
      const wb = s < 1e-12 ? f : Math.sin(f * omega) / s;
      const x = wa * a[0] + wb * b[0];
      const y = wa * a[1] + wb * b[1];
      const z = wa * a[2] + wb * b[2];
      const r = Math.hypot(x, y, z) || 1;
      points.push([(Math.atan2(y, x) * 180) / Math.PI, (Math.asin(z / r) * 180) / Math.PI]);
    }
    const paths = [];
    let current = [points[0]];
    for (let k = 1; k < points.length; k++) {
      const [x0, y0] = points[k - 1];
      const [x1, y1] = points[k];
      if (Math.abs(x1 - x0) > 180) {
        const edge = x0 > 0 ? 180 : -180;
        const span = 360 - Math.abs(x1 - x0);
        const part = span ? (edge - x0) / (x0 > 0 ? span : -span) : 0.5;
        const y = y0 + (y1 - y0) * part;
        current.push([edge, y]);
        paths.push(current);
        current = [[-edge, y]];
      }
      current.push(points[k]);
    }
    paths.push(current);
    return paths;
  }

  function fill(template, values) {
    return template.replace(/\u0001(\w+)\u0001/g, (_, key) => values[key]);
  }

  function tieHover(data, i) {
    const ties = data.ties;
    if (ties.hover) return ties.hover[i];
    const names = data.cities.name;
    return fill(data.template, {
      a: names[ties.a[i]],
      b: names[ties.b[i]],
      relation: data.relations[ties.relation[i]],
      since: data.sinces[ties.since[i]],
    });
  }

  // A city's hover: map_data's template filled with its name, country and number of
  // ties (a few cities whose hover name differs from their name, or whose hover the
  // template does not give, come whole).
  function cityHover(data, i) {
    const h = data.city_hover;
    const c = data.cities;
    if (h.whole[i] !== undefined) return h.whole[i];
    const name = h.names[i] !== undefined ? h.names[i] : c.name[i];
    return fill(h.template, { name, country: h.countries[c.country[i]], ties: h.counts[c.count[i]] }) + h.notes[c.note[i]];
  }

  // The great circle's angle from p to q in degrees.
  function angle(p, q) {
    const a = unit(p[0], p[1]);
    const b = unit(q[0], q[1]);
    return (Math.acos(Math.min(1, Math.max(-1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180) / Math.PI;
  }

  // Points of a tie drawn as deck.gl's great-circle arc, by its length. deck.gl spaces its
  // points closer at the ends than in the middle, so a long arc has half as many again as
  // data.arc_points to be as smooth as evenly spaced ones; a short arc is nearly straight
  // on the map and needs few. Measured on the world's ties: no arc is more than a pixel
  // (at world zoom) further off the true curve than with the evenly spaced arc_points.
  // [degrees up to, points for arc_points 8].
  const ARC_STEPS = [[2, 3], [8, 5], [30, 9], [Infinity, 13]];
  function arcSegments(data, degrees) {
    const step = ARC_STEPS.find(([limit]) => degrees < limit);
    return Math.max(2, Math.ceil((step[1] * data.arc_points) / 8));
  }

  // Each group's pieces: {path, tie} for a path, with arc (its number of points) when the
  // tie is drawn by an ArcLayer. A software GL spends its time per drawn piece (an arc of
  // one ArcLayer is one piece; a path of n points is n), so ties are arcs where they can
  // be: a tie that crosses the antimeridian (cut in two here) or is dashed stays paths.
  function segments(data) {
    const c = data.cities;
    const byGroup = data.groups.map(() => []);
    const ties = data.ties;
    for (let i = 0; i < ties.a.length; i++) {
      const p = [c.lon[ties.a[i]], c.lat[ties.a[i]]];
      const q = [c.lon[ties.b[i]], c.lat[ties.b[i]]];
      const group = ties.group[i];
      const paths = greatCircle(p, q, data.arc_points);
      if (paths.length === 1 && !data.groups[group].dash) {
        byGroup[group].push({ path: paths[0], tie: i, source: p, target: q, arc: arcSegments(data, angle(p, q)) });
        continue;
      }
      for (const path of paths) {
        const pieces = data.groups[group].dash ? dashes(path) : [path];
        for (const piece of pieces) byGroup[group].push({ path: piece, tie: i });
      }
    }
    return byGroup;
  }

  function el(tag, style, html) {
    const node = document.createElement(tag);
    Object.assign(node.style, style || {});
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  const HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff";
  const FONT = "Vazirmatn, Tahoma, sans-serif";

  function legendBox(data, byGroup) {
    const side = data.rtl ? { right: "8px" } : { left: "8px" };
    const box = el("div", {
      position: "absolute", top: "40px", background: "rgba(255,255,255,0.85)",
      padding: "4px 8px", font: `12px ${FONT}`, color: "#222", borderRadius: "3px",
      direction: data.rtl ? "rtl" : "ltr", zIndex: 2, ...side,
    });
    box.className = "city-map-legend";
    const row = (swatch, name) => {
      const line = el("div", { display: "flex", alignItems: "center", gap: "6px", margin: "2px 0" });
      line.appendChild(swatch);
      line.appendChild(el("span", {}, name));
      box.appendChild(line);
    };
    const dot = (colour, size) =>
      el("span", {
        display: "inline-block", width: `${size}px`, height: `${size}px`, borderRadius: "50%",
        background: colour, border: `1px solid ${data.colours.outline}`,
      });
    if (data.selected !== null && data.selected !== undefined) {
      const ring = dot("transparent", 12);
      ring.style.border = `2px solid ${data.colours.selected}`;
      row(ring, data.legend_cities.selected);
    }
    row(dot(data.colours.iranian, 10), data.legend_cities.iranian);
    row(dot(data.colours.foreign, 8), data.legend_cities.foreign);
    const bar = (colour, width, dashed) =>
      el("span", {
        display: "inline-block", width: "24px", height: "0",
        borderTop: `${Math.max(2, width)}px ${dashed ? "dashed" : "solid"} ${colour}`,
      });
    const per = data.kinds.length ? (data.groups.length - 1) / data.kinds.length : 0;
    data.kinds.forEach((kind, k) => {
      const used = byGroup.slice(1 + k * per, 1 + (k + 1) * per).some((g) => g.length);
      if (used) row(bar(kind.colour, 3, false), kind.name);
    });
    data.groups.forEach((g, i) => {
      if (g.legend && (i > 0 || byGroup[0].length)) row(bar(g.colour, g.width + 1, g.dash), g.name);
    });
    return box;
  }

  function ring(flat) {
    const pts = [];
    for (let k = 0; k < flat.length; k += 2) pts.push([flat[k], flat[k + 1]]);
    return pts;
  }

  // A dashed line as pieces of one path: DASH degrees drawn, GAP left out, along it.
  const DASH = 1.2;
  const GAP = 0.9;
  function dashes(path) {
    const out = [];
    let piece = [path[0]];
    let on = true;
    let left = DASH;
    for (let k = 1; k < path.length; k++) {
      let [x0, y0] = path[k - 1];
      const [x1, y1] = path[k];
      let length = Math.hypot(x1 - x0, y1 - y0);
      while (length > left) {
        const f = left / length;
        x0 += (x1 - x0) * f;
        y0 += (y1 - y0) * f;
        length -= left;
        if (on) {
          piece.push([x0, y0]);
          out.push(piece);
        } else {
          piece = [[x0, y0]];
        }
        on = !on;
        left = on ? DASH : GAP;
      }
      left -= length;
      if (on) piece.push([x1, y1]);
    }
    if (on && piece.length > 1) out.push(piece);
    return out;
  }

  function layers(data, byGroup) {
    const c = data.colours;
    const cities = data.cities;
    // Four kinds of layer (a polygon fill, paths, arcs, dots): each kind is one shader
    // program, which a software GL compiles for a second or more, so no more kinds.
    const out = [
      new deck.SolidPolygonLayer({
        id: "land",
        data: data.basemap,
        getPolygon: ring,
        getFillColor: rgb(c.land),
      }),
      new deck.PathLayer({
        id: "borders",
        data: data.basemap,
        getPath: ring,
        getColor: rgb(c.border),
        widthUnits: "pixels",
        getWidth: 0.6,
        widthMinPixels: 0.6,
      }),
    ];
    data.groups.forEach((g, i) => {
      if (!byGroup[i].length) return;
      const props = {
        id: `ties-${i}`,
        data: byGroup[i].filter((d) => !d.arc),
        getPath: (d) => d.path,
        getColor: rgb(g.colour),
        widthUnits: "pixels",
        // A line thinner than a pixel is drawn one pixel wide and as much fainter, so the
        // world's hairlines show as faint as in the vector map.
        getWidth: Math.max(1, g.width),
        opacity: g.width < 1 ? g.opacity * g.width : g.opacity,
        pickable: true,
        autoHighlight: true,
        highlightColor: [0, 0, 0, 160],
      };
      if (props.data.length) out.push(new deck.PathLayer(props));
      // one ArcLayer per number of points (deck.gl's numSegments is the layer's)
      const arcs = new Map();
      for (const d of byGroup[i]) {
        if (d.arc) arcs.has(d.arc) ? arcs.get(d.arc).push(d) : arcs.set(d.arc, [d]);
      }
      for (const [points, list] of arcs) {
        out.push(new deck.ArcLayer({
          ...props,
          id: `ties-${i}-arcs-${points}`,
          data: list,
          getPath: undefined,
          getSourcePosition: (d) => d.source,
          getTargetPosition: (d) => d.target,
          getSourceColor: props.getColor,
          getTargetColor: props.getColor,
          greatCircle: true,
          getHeight: 0, // flat on the map: a raised arc would lean away in the perspective
          numSegments: points,
        }));
      }
    });
    // Cities are round dots of diameter size, each with its own dark outline 0.8 px
    // (Iranian) or 0.5 px wide around it, as the SVG map draws its markers: one
    // ScatterplotLayer, one drawn piece per city (as zero-length round-capped paths they
    // were four, in two layers, and took a software GL seconds). deck.gl centres the
    // outline on the radius.
    const index = cities.id.map((_, i) => i);
    const outline = (i) => (cities.iranian[i] ? 0.8 : 0.5);
    out.push(
      new deck.ScatterplotLayer({
        id: "cities",
        data: index,
        getPosition: (i) => [cities.lon[i], cities.lat[i]],
        radiusUnits: "pixels",
        getRadius: (i) => cities.size[i] / 2 + outline(i) / 2,
        stroked: true,
        lineWidthUnits: "pixels",
        getLineWidth: outline,
        getLineColor: rgb(c.outline),
        getFillColor: (i) => rgb(cities.iranian[i] ? c.iranian : c.foreign),
        pickable: true,
      })
    );
    return out;
  }

  // The region's bounds fitted to the width; the map is no taller than they need (a
  // narrow column would otherwise show mostly Antarctica), and never taller than asked.
  function fitted(data, width) {
    const [[w, s], [e, n]] = data.bounds;
    const box = [[w, Math.max(-80, s)], [e, Math.min(82, n)]];
    const fit = (height) => new deck.WebMercatorViewport({ width, height }).fitBounds(box, { padding: 4 });
    let height = data.height;
    const first = fit(height);
    const top = first.project([w, box[1][1]])[1];
    const bottom = first.project([w, box[0][1]])[1];
    height = Math.max(320, Math.min(data.height, Math.ceil(bottom - top) + 48));
    const view = fit(height);
    return {
      height,
      viewState: { longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, minZoom: 0, maxZoom: 12 },
    };
  }

  function draw(root, data, onCity) {
    root.innerHTML = "";
    const width = root.clientWidth || window.innerWidth || 800;
    let start = fitted(data, width);
    Object.assign(root.style, { position: "relative", width: "100%", height: `${start.height}px`,
      overflow: "hidden", background: "#fff", fontFamily: FONT });
    const title = el("div", {
      position: "absolute", top: "6px", left: "8px", right: "8px", zIndex: 2,
      font: `bold 16px ${FONT}`, color: "#222", direction: data.rtl ? "rtl" : "ltr",
      textAlign: data.rtl ? "right" : "left", pointerEvents: "none",
    }, data.title);
    const canvasBox = el("div", { position: "absolute", inset: "0" });
    const labelBox = el("div", { position: "absolute", inset: "0", pointerEvents: "none", zIndex: 1 });
    labelBox.className = "city-map-labels";
    const ring = el("div", {
      position: "absolute", left: "0", top: "0", width: "16px", height: "16px",
      border: `3px solid ${data.colours.selected}`, borderRadius: "50%", display: "none",
    });
    ring.className = "city-map-selected";
    root.append(canvasBox, labelBox, title);
    labelBox.appendChild(ring);
    let current = data;
    stats.marks.start = performance.now();
    let byGroup = segments(data);
    stats.marks.segments = performance.now();
    let legend = legendBox(data, byGroup);
    root.appendChild(legend);
    let labelNodes = [];

    // Names in their order (most ties first); one that would overlap a name already
    // placed is hidden until a zoom makes room. The selected city gets a ring.
    function placeLabels() {
      const viewport = map.getViewports()[0];
      if (!viewport) return;
      const taken = [];
      current.labels.forEach((item, k) => {
        const node = labelNodes[k];
        const [x, y] = viewport.project([item.lon, item.lat]);
        const w = node.offsetWidth;
        const h = node.offsetHeight;
        const box = [x - w / 2, y - 1.2 * h, x + w / 2, y - 0.2 * h];
        const inside = x >= 0 && y >= 0 && x <= viewport.width && y <= viewport.height;
        const free = taken.every((o) => box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3]);
        node.style.visibility = inside && free ? "visible" : "hidden";
        if (inside && free) taken.push(box);
        node.style.transform = `translate(${box[0]}px, ${box[1]}px)`;
      });
      const sel = current.selected;
      ring.style.display = sel === null || sel === undefined ? "none" : "block";
      if (sel !== null && sel !== undefined) {
        const [x, y] = viewport.project([current.cities.lon[sel], current.cities.lat[sel]]);
        ring.style.transform = `translate(${x - 11}px, ${y - 11}px)`;
      }
    }

    function makeLabels() {
      labelNodes.forEach((node) => node.remove());
      labelNodes = current.labels.map((item) => {
        const node = el("div", {
          position: "absolute", left: "0", top: "0", whiteSpace: "nowrap",
          font: `bold 13px ${FONT}`, color: "#111", textShadow: HALO,
        }, item.text);
        node.dir = "auto";
        labelBox.appendChild(node);
        return node;
      });
    }

    const map = new deck.Deck({
      parent: canvasBox,
      width: "100%",
      height: "100%",
      views: new deck.MapView({ repeat: false }),
      initialViewState: start.viewState,
      controller: { doubleClickZoom: true, scrollZoom: { smooth: false } },
      pickingRadius: 6,
      layers: (() => {
        const made = layers(data, byGroup);
        stats.marks.layers = performance.now();
        return made;
      })(),
      getTooltip: ({ object, layer }) => {
        if (object === null || object === undefined || !layer) return null;
        let html = null;
        if (layer.id === "cities") html = cityHover(current, object);
        else if (layer.id.startsWith("ties-")) html = tieHover(current, object.tie);
        if (html === null) return null;
        return {
          html,
          style: { direction: current.rtl ? "rtl" : "ltr", textAlign: current.rtl ? "right" : "left",
            fontFamily: FONT, fontSize: "13px", background: "#fff", color: "#222",
            border: "1px solid #999", padding: "4px 6px", maxWidth: "360px" },
        };
      },
      onViewStateChange: ({ viewState }) => {
        requestAnimationFrame(placeLabels);
        return viewState;
      },
      onHover: (info) => {
        if (info.layer && !pending) pending = { kind: "hover", at: performance.now() };
      },
      onAfterRender: () => {
        stats.renders += 1;
        const now = performance.now();
        if (stats.firstDraw === null) stats.firstDraw = now;
        placeLabels();
        if (pending) {
          stats.frames[pending.kind].push(now - pending.at);
          pending = null;
        }
      },
    });
    stats.marks.deck = performance.now();
    makeLabels();
    // A click goes to the city whose centre is nearest, for its size, among the markers
    // under the pointer (a small town drawn over a big city does not take its clicks).
    // It is the browser's click, measured here: deck.gl's tap needs the button released
    // within a quarter of a second, which a busy software GL may not allow; a drag is no click.
    let down = null;
    canvasBox.addEventListener("pointerdown", (ev) => {
      down = [ev.clientX, ev.clientY];
    }, { capture: true, passive: true });
    canvasBox.addEventListener("click", (ev) => {
      if (!onCity || !down || Math.hypot(ev.clientX - down[0], ev.clientY - down[1]) > 4) return;
      const rect = canvasBox.getBoundingClientRect();
      const px = ev.clientX - rect.left;
      const py = ev.clientY - rect.top;
      const c = current.cities;
      const viewport = map.getViewports()[0];
      let best = null;
      let score = Infinity;
      for (let i = 0; i < c.id.length; i++) {
        const [x, y] = viewport.project([c.lon[i], c.lat[i]]);
        const radius = c.size[i] / 2 + 1;
        const d = Math.hypot(x - px, y - py);
        if (d <= radius && d / radius < score) [best, score] = [i, d / radius];
      }
      stats.clicks.push(best === null ? null : c.id[best]);
      if (best !== null) onCity(c.id[best]);
    }, { capture: true });
    canvasBox.addEventListener("wheel", () => {
      pending = { kind: "zoom", at: performance.now() };
    }, { capture: true, passive: true });
    canvasBox.addEventListener("pointermove", (ev) => {
      if (ev.buttons) pending = { kind: "pan", at: performance.now() };
    }, { capture: true, passive: true });

    // Where a city, or the middle of a tie's first drawn piece, is on the map (pixels
    // from the map's top left), or null: for tests and the benchmark.
    function where(lon, lat) {
      const viewport = map.getViewports()[0];
      return viewport ? viewport.project([lon, lat]) : null;
    }
    const handle = {
      deck: map,
      whereCity(id) {
        const i = current.cities.id.indexOf(id);
        return i < 0 ? null : where(current.cities.lon[i], current.cities.lat[i]);
      },
      whereTie(i) {
        for (const group of byGroup) {
          const piece = group.find((d) => d.tie === i);
          if (piece) {
            const p = piece.path[Math.floor(piece.path.length / 2)];
            return where(p[0], p[1]);
          }
        }
        return null;
      },
      tieHover(i) {
        return tieHover(current, i);
      },
      cityHover(id) {
        const i = current.cities.id.indexOf(id);
        return i < 0 ? null : cityHover(current, i);
      },
      get tieCount() {
        return current.ties.a.length;
      },
      get height() {
        return start.height;
      },
      update(next) {
        const refit = JSON.stringify(next.bounds) !== JSON.stringify(current.bounds);
        current = next;
        byGroup = segments(next);
        legend.remove();
        legend = legendBox(next, byGroup);
        root.appendChild(legend);
        title.innerHTML = next.title;
        const props = { layers: layers(next, byGroup) };
        if (refit) {
          start = fitted(next, root.clientWidth || 800);
          root.style.height = `${start.height}px`;
          props.initialViewState = start.viewState;
        }
        map.setProps(props);
        makeLabels();
        placeLabels();
      },
    };
    window.cityMap = handle;
    return handle;
  }

  window.CityMap = { draw, greatCircle, stats };
})();
