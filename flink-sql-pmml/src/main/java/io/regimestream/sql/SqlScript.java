package io.regimestream.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * A SQL script as {@code sql-client.sh -f} takes it (statements ending with {@code ;} at the end of
 * a line, {@code --} comments), with {@code ${NAME}} placeholders filled in, run on a
 * {@link TableEnvironment}. Used by {@code bin/sql} and by the tests, so both run the same file.
 */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");
    /** The SQL client's SET command, which the Table API's executeSql does not take. */
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    private final List<String> statements;

    private SqlScript(List<String> statements) {
        this.statements = statements;
    }

    /**
     * @param values the value of each placeholder, or null when it has none
     * @throws IllegalArgumentException naming every placeholder without a value
     */
    public static SqlScript parse(String text, Function<String, String> values) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            withoutComments.append(line, 0, commentStart(line)).append('\n');
        }
        Matcher matcher = PLACEHOLDER.matcher(withoutComments);
        StringBuilder filled = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = "";
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for "
                    + String.join(", ", missing.stream().distinct().toList())
                    + ": set them with --set NAME=VALUE or as environment variables");
        }
        List<String> statements = new ArrayList<>();
        for (String statement : filled.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return new SqlScript(statements);
    }

    public static SqlScript parse(String text, Map<String, String> values) {
        return parse(text, values::get);
    }

    public List<String> statements() {
        return statements;
    }

    /** Runs every statement in order; the result of the last one that submitted a job (an INSERT), if any. */
    public Optional<TableResult> run(TableEnvironment tableEnv) {
        Optional<TableResult> job = Optional.empty();
        for (String statement : statements) {
            Matcher set = SET.matcher(statement);
            if (set.matches()) {
                tableEnv.getConfig().set(set.group(1), set.group(2));
                continue;
            }
            TableResult result = tableEnv.executeSql(statement);
            if (result.getJobClient().isPresent()) {
                job = Optional.of(result);
            }
        }
        return job;
    }

    /** Where a {@code --} comment starts in {@code line} (its length if none); inside a quoted string it is text. */
    private static int commentStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // SQL's '' escape toggles twice: still right
            } else if (!quoted && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return i;
            }
        }
        return line.length();
    }
}
