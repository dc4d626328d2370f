package workshop.proof;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev container gives GitHub Codespaces and VS Code a JDK 17 on Linux and fetches the build
 * once when it is created. Checked statically: the file is read as the Dev Containers tools read it
 * (JSON with comments), and by {@code @devcontainers/cli} where it is installed; no image is pulled.
 */
@DisabledIfSystemProperty(named = "workshop.repeat", matches = ".+", disabledReason = "a repeat run only repeats the checks")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DevContainerTest {

    private static final String FILE = ".devcontainer/devcontainer.json";
    /** The Dev Containers project's Java image, tagged with its Java version (and maybe an image version and an OS). */
    private static final Pattern JAVA_IMAGE = Pattern.compile("mcr\\.microsoft\\.com/devcontainers/java:(?:\\d+-)?(\\d+)(?:-[a-z]+)?");
    private static final Pattern RELEASE = Pattern.compile("<maven\\.compiler\\.release>(\\d+)</maven\\.compiler\\.release>");

    private final Path root = Repository.root();

    @Test
    void its_image_is_a_JDK_of_the_release_the_workshop_is_built_for() throws IOException {
        String image = devContainer().path("image").asString();

        Matcher java = JAVA_IMAGE.matcher(image);
        assertThat(java.matches()).as("image %s is the Dev Containers Java image", image).isTrue();
        Matcher release = RELEASE.matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(release.find()).as("maven.compiler.release in the root pom").isTrue();
        assertThat(java.group(1)).as("Java version of the image").isEqualTo(release.group(1)).isEqualTo("17");
    }

    @Test
    void its_post_create_command_is_the_script_that_fetches_the_build() throws IOException {
        String command = devContainer().path("postCreateCommand").asString();

        assertThat(command).as("postCreateCommand").isEqualTo("bin/fetch-build");
        assertThat(root.resolve(command)).as("the post-create script").isExecutable();
        assertThat(Files.readString(root.resolve(command))).as("the post-create script").startsWith("#!/bin/sh\n").contains("./mvnw ");
        assertThat(root.resolve("mvnw")).as("the Maven Wrapper").isExecutable();
    }

    @Test
    void the_dev_containers_CLI_reads_the_same_configuration() {
        NpmTool.requireNode();
        Path cli = NpmTool.require("@devcontainers/cli");

        // "true" stands in for Docker: it lists no container, so the CLI only reads the file.
        Command.Result result = Command.run(root, Duration.ofSeconds(60), List.of("node", cli.resolve("devcontainer.js").toString(),
                "read-configuration", "--workspace-folder", root.toString(), "--docker-path", "true"));

        assertThat(result.status()).as("exit status of devcontainer read-configuration\n%s", result.output()).isZero();
        String json = result.output().substring(result.output().indexOf("{\"configuration\""));
        ObjectNode read = (ObjectNode) new JsonMapper().readTree(json).path("configuration");
        read.remove("configFilePath");
        assertThat(read).as("the configuration as the CLI read it").isEqualTo(devContainer());
    }

    private JsonNode devContainer() {
        JsonMapper jsonWithComments = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .build();
        return jsonWithComments.readTree(root.resolve(FILE).toFile());
    }
}
