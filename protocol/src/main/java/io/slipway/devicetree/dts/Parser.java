package io.slipway.devicetree.dts;

import io.slipway.devicetree.ReserveEntry;
import io.slipway.devicetree.SourcePosition;
import io.slipway.devicetree.dts.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * dtc's grammar (dtc-parser.y) by recursive descent, building the live tree as dtc does: top-level
 * definitions are merged as they are read, so {@code &label { ... };} only sees labels defined
 * above it. After a syntax error the parser resynchronises at the next {@code ;} or {@code }} of
 * the same level and goes on, so every independent error of a file is reported.
 */
final class Parser {
    /** Thrown by a rule that reported an error; caught where the statement is resynchronised. */
    static final class Syntax extends Exception {
        Syntax() {
            super("syntax error", null, false, false);
        }
    }

    private final Lexer lexer;
    private final Problems problems;
    private final Usage usage;
    private final NodeIndex index;
    private final Values values;
    private final List<ReserveEntry> reservations = new ArrayList<>();
    private Token tok;
    private LiveNode root;
    private int nesting;
    private boolean plugin;
    private int nextFragment;

    Parser(Lexer lexer, Usage usage) {
        this.lexer = lexer;
        this.usage = usage;
        this.problems = usage.problems();
        this.index = new NodeIndex(usage);
        this.values = new Values(this, usage);
    }

    NodeIndex index() {
        return index;
    }

    List<ReserveEntry> reservations() {
        return reservations;
    }

    /** Whether the header says {@code /plugin/;}: the source is an overlay. */
    boolean plugin() {
        return plugin;
    }

    /** The merged tree, or null when the source has no root node. */
    LiveNode parse() {
        try {
            tok = lexer.next();
            sourceFile();
        } catch (Problems.Stop e) {
            // Everything worth saying was reported before the abort.
        }
        return root;
    }

    private void sourceFile() {
        if (tok.kind() != Kind.V1) {
            problems.error(tok.position(), "expected /dts-v1/; at the start of the file");
            return;
        }
        boolean first = true;
        while (tok.kind() == Kind.V1) {
            SourcePosition at = tok.position();
            try {
                next();
                expectSemicolon("/dts-v1/");
                boolean thisPlugin = false;
                if (tok.kind() == Kind.PLUGIN) {
                    next();
                    expectSemicolon("/plugin/");
                    thisPlugin = true;
                }
                if (!first && thisPlugin != plugin) {
                    problems.error(
                            at, "header flags don't match earlier ones (/plugin/ in some only)");
                }
                plugin = thisPlugin;
                first = false;
            } catch (Syntax e) {
                skipStatement();
            }
        }
        while (tok.kind() == Kind.MEMRESERVE || tok.kind() == Kind.LABEL) {
            try {
                memreserve();
            } catch (Syntax e) {
                skipStatement();
            }
        }
        while (tok.kind() != Kind.EOF) {
            try {
                topLevel();
            } catch (Syntax e) {
                skipStatement();
                if (tok.is('}')) {
                    next();
                }
            }
        }
        if (root == null && !problems.any()) {
            problems.error(tok.position(), "no root node: expected '/ { ... };'");
        }
    }

    private void memreserve() throws Syntax {
        while (tok.kind() == Kind.LABEL) {
            next();
        }
        if (tok.kind() != Kind.MEMRESERVE) {
            throw error("expected /memreserve/ after the label, found " + tok.describe());
        }
        next();
        long address = values.number();
        long size = values.number();
        expectSemicolon("/memreserve/ address size");
        reservations.add(new ReserveEntry(address, size));
    }

    private void topLevel() throws Syntax {
        Token first = tok;
        if (first.is('/')) {
            next();
            LiveNode node = nodeBody(first.position());
            if (root == null) {
                node.name = "";
                root = node;
                index.attach(root);
            } else {
                root.merge(node, index);
            }
            return;
        }
        if (root == null && plugin && first.kind() == Kind.REF) {
            // An overlay need not have a root node: its first fragment starts an empty one.
            root = new LiveNode(first.position());
            root.name = "";
            index.attach(root);
            next();
            orphan(first, nodeBody(first.position()));
            return;
        }
        if (root == null
                && (first.kind() == Kind.LABEL
                        || first.kind() == Kind.REF
                        || first.kind() == Kind.DEL_NODE
                        || first.kind() == Kind.OMIT_NO_REF)) {
            problems.error(
                    first.position(),
                    "the root node '/ { ... };' must come before any "
                            + first.describe()
                            + " definition");
            throw new Syntax();
        }
        switch (first.kind()) {
            case LABEL -> {
                next();
                if (tok.kind() != Kind.REF) {
                    throw error(
                            "expected &reference after the top-level label, found "
                                    + tok.describe());
                }
                Token ref = tok;
                next();
                LiveNode body = nodeBody(ref.position());
                LiveNode target = resolve(ref);
                if (target != null) {
                    target.labels.add(first.text(), first.position());
                    index.labelAdded(target, first.text());
                    target.merge(body, index);
                }
            }
            case REF -> {
                next();
                LiveNode body = nodeBody(first.position());
                if (plugin && isPath(first)) {
                    // dtc: in an overlay a path reference always targets the base tree.
                    orphan(first, body);
                    return;
                }
                LiveNode target = index.byRef(root, first.text(), first.position());
                if (target != null) {
                    target.merge(body, index);
                } else if (plugin) {
                    orphan(first, body);
                } else {
                    problems.error(first.position(), TreeChecks.unresolved(first.text()));
                }
            }
            case DEL_NODE -> {
                next();
                if (tok.kind() != Kind.REF) {
                    throw error(
                            "expected &label or &{/path} after /delete-node/ at top level, found "
                                    + tok.describe());
                }
                Token ref = tok;
                next();
                expectSemicolon("/delete-node/ &reference");
                LiveNode target = resolve(ref);
                if (target != null) {
                    target.delete();
                }
            }
            case OMIT_NO_REF -> {
                next();
                if (tok.kind() != Kind.REF) {
                    throw error(
                            "expected &label or &{/path} after /omit-if-no-ref/ at top level,"
                                    + " found "
                                    + tok.describe());
                }
                Token ref = tok;
                next();
                expectSemicolon("/omit-if-no-ref/ &reference");
                LiveNode target = resolve(ref);
                if (target != null) {
                    target.omitIfUnused = true;
                }
            }
            default ->
                    throw error(
                            "expected a node definition ('/ {', '&label {') or '/delete-node/"
                                    + " &label;', found "
                                    + tok.describe());
        }
    }

    private static boolean isPath(Token ref) {
        return ref.text().startsWith("/");
    }

    /**
     * dtc's add_orphan_node: an overlay's {@code &ref { ... };} whose target is not in the file
     * becomes {@code fragment@N { target = <&ref>; __overlay__ { ... }; };} (or {@code target-path
     * = "/path";}), numbered in source order and appended to the root unmerged.
     */
    private void orphan(Token ref, LiveNode body) {
        body.name = "__overlay__";
        usage.node(ref.position());
        LiveNode fragment = new LiveNode(ref.position());
        fragment.name = "fragment@" + nextFragment++;
        Data target = new Data();
        String property;
        if (isPath(ref)) {
            property = "target-path";
            byte[] path = ref.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            usage.valueBytes(property, 0, path.length + 1L, ref.position());
            target.append(path);
            target.appendByte(0);
        } else {
            property = "target";
            usage.valueBytes(property, 0, 4, ref.position());
            target.addMarker(Marker.Kind.REF_PHANDLE, ref.text(), ref.position());
            target.appendInteger(0xffffffffL, 32);
        }
        usage.property(ref.position());
        fragment.addProperty(new LiveProperty(property, target, ref.position()));
        fragment.addChild(body);
        root.addChild(fragment);
        index.attach(fragment);
    }

    private LiveNode resolve(Token ref) {
        LiveNode target = index.byRef(root, ref.text(), ref.position());
        if (target == null) {
            problems.error(ref.position(), TreeChecks.unresolved(ref.text()));
        }
        return target;
    }

    /** {@code { properties subnodes } ;} — the caller has consumed what precedes the brace. */
    private LiveNode nodeBody(SourcePosition position) throws Syntax {
        if (!tok.is('{')) {
            throw error("expected '{' to open the node, found " + tok.describe());
        }
        int maxDepth = usage.limits.maxDepth();
        if (++nesting > maxDepth) {
            throw problems.exceeded(
                    tok.position(),
                    "nodes nested deeper than " + maxDepth + " levels",
                    "maxDepth",
                    maxDepth);
        }
        usage.node(position);
        next();
        LiveNode node = new LiveNode(position);
        boolean seenSubnode = false;
        while (!tok.is('}') && tok.kind() != Kind.EOF) {
            try {
                seenSubnode = statement(node, seenSubnode);
            } catch (Syntax e) {
                skipStatement();
            }
        }
        if (tok.kind() == Kind.EOF) {
            problems.error(tok.position(), "missing '}': end of file inside a node");
            nesting--;
            return node;
        }
        next();
        nesting--;
        expectSemicolon("'}'");
        return node;
    }

    /** One property or subnode; returns whether a subnode has been seen in this body. */
    private boolean statement(LiveNode node, boolean seenSubnode) throws Syntax {
        List<Token> labels = new ArrayList<>();
        boolean omit = false;
        while (tok.kind() == Kind.LABEL || tok.kind() == Kind.OMIT_NO_REF) {
            if (tok.kind() == Kind.OMIT_NO_REF) {
                omit = true;
            } else {
                labels.add(tok);
            }
            next();
        }
        Token start = tok;
        if (omit && start.kind() != Kind.NAME && start.kind() != Kind.DEL_NODE) {
            throw error("expected a subnode after /omit-if-no-ref/, found " + start.describe());
        }
        switch (start.kind()) {
            case DEL_PROP -> {
                next();
                Token name = expectName("/delete-property/");
                expectSemicolon("/delete-property/ " + name.text());
                requireNoSubnode(seenSubnode, start, "/delete-property/");
                usage.property(name.position());
                node.addProperty(LiveProperty.deletion(name.text(), name.position()));
                return false;
            }
            case DEL_NODE -> {
                next();
                Token name = expectName("/delete-node/");
                expectSemicolon("/delete-node/ " + name.text());
                usage.node(name.position());
                node.addChild(LiveNode.deletion(name.text(), name.position()));
                return true;
            }
            case NAME -> {
                next();
                if (omit && !tok.is('{')) {
                    throw error(
                            "expected '{' after /omit-if-no-ref/ "
                                    + start.text()
                                    + ", found "
                                    + tok.describe());
                }
                if (tok.is('{')) {
                    LiveNode child = nodeBody(start.position());
                    child.name = start.text();
                    child.omitIfUnused = omit;
                    // dtc's grammar adds the innermost (last) label first.
                    for (int i = labels.size() - 1; i >= 0; i--) {
                        child.labels.add(labels.get(i).text(), labels.get(i).position());
                    }
                    node.addChild(child);
                    return true;
                }
                usage.property(start.position());
                Data value;
                if (tok.is('=')) {
                    next();
                    value = values.propertyValue(start.text());
                    expectSemicolon("the value of '" + start.text() + "'");
                } else if (tok.is(';')) {
                    next();
                    value = new Data();
                } else {
                    throw error(
                            "expected '=', ';' or '{' after '"
                                    + start.text()
                                    + "', found "
                                    + tok.describe());
                }
                requireNoSubnode(seenSubnode, start, "property '" + start.text() + "'");
                LiveProperty property = new LiveProperty(start.text(), value, start.position());
                for (int i = labels.size() - 1; i >= 0; i--) {
                    property.labels.add(labels.get(i).text(), labels.get(i).position());
                }
                node.addProperty(property);
                return seenSubnode;
            }
            default ->
                    throw error("expected a property, a subnode or '}', found " + start.describe());
        }
    }

    private void requireNoSubnode(boolean seenSubnode, Token at, String what) {
        if (seenSubnode) {
            problems.error(at.position(), what + " must come before the subnodes");
        }
    }

    private Token expectName(String after) throws Syntax {
        if (tok.kind() != Kind.NAME) {
            throw error("expected a name after " + after + ", found " + tok.describe());
        }
        Token name = tok;
        next();
        return name;
    }

    void expectSemicolon(String after) throws Syntax {
        if (!tok.is(';')) {
            throw error("expected ';' after " + after + ", found " + tok.describe());
        }
        next();
    }

    /** Skips to just after the next {@code ;} of this level, or to the {@code }} closing it. */
    private void skipStatement() {
        int depth = 0;
        while (tok.kind() != Kind.EOF) {
            if (tok.is('{')) {
                depth++;
            } else if (tok.is('}')) {
                if (depth == 0) {
                    return;
                }
                depth--;
            } else if (tok.is(';') && depth == 0) {
                next();
                return;
            }
            next();
        }
    }

    Token token() {
        return tok;
    }

    void next() {
        tok = lexer.next();
    }

    Lexer lexer() {
        return lexer;
    }

    Syntax error(String message) {
        problems.error(tok.position(), message);
        return new Syntax();
    }
}
