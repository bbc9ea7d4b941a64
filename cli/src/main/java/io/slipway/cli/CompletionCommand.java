package io.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code completion bash}: prints the completion script ({@code source <(slipway completion
 * bash)}).
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script. bash: source <(slipway completion bash);",
            "zsh: autoload -U bashcompinit && bashcompinit && source <(slipway completion bash)"
        })
final class CompletionCommand implements Runnable {
    private final Context ctx;

    @Parameters(paramLabel = "SHELL", description = "bash", defaultValue = "bash")
    String shell;

    CompletionCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void run() {
        if (!shell.equals("bash")) {
            throw new CliException(
                    ExitCode.USAGE,
                    "error: only bash completion is generated (zsh can use it through bashcompinit)");
        }
        ctx.out.print(SlipwayCli.completionScript(ctx));
        ctx.out.flush();
    }
}
