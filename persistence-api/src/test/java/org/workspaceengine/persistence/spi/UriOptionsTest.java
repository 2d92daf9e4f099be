package org.workspaceengine.persistence.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Stores;

class UriOptionsTest {

    @Test
    void readsLocationAndOptionsOfOpaqueUris() {
        UriOptions options = UriOptions.of(Stores.parse("file:./data%20dir?durability=flush&lenient"));

        assertThat(options.location()).isEqualTo("./data dir");
        assertThat(options.get("durability")).contains("flush");
        assertThat(options.get("lenient")).contains("");
        options.rejectUnknown();
    }

    @Test
    void readsLocationAndOptionsOfHierarchicalUris() {
        UriOptions options = UriOptions.of(Stores.parse("kafka://h1:9092,h2:9092/my-topic?partitions=3&timeout=30s"
                + "&member=file%3A.%2Fa%3Fx%3D1&member=memory%3A"));

        assertThat(options.location()).isEqualTo("//h1:9092,h2:9092/my-topic");
        assertThat(options.get("partitions")).contains("3");
        assertThat(options.get("timeout")).contains("30s");
        assertThat(options.all("member")).containsExactly("file:./a?x=1", "memory:");
    }

    @Test
    void bareSchemeIsAcceptedWithNoLocationAndNoOptions() {
        UriOptions options = UriOptions.of(Stores.parse("memory:"));

        assertThat(options.location()).isEmpty();
        options.rejectUnknown();
    }

    @Test
    void plusSignsStayPlusSigns() {
        assertThat(UriOptions.of(Stores.parse("x:a?secret=a+b")).get("secret")).contains("a+b");
    }

    @Test
    void unknownOptionsAreRefusedByNameWithoutShowingValues() {
        UriOptions options = UriOptions.of(Stores.parse("file:./d?durabilty=flush&password=hunter2"));

        assertThatThrownBy(options::rejectUnknown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("durabilty").hasMessageContaining("password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anOptionGivenTwiceIsRefusedNamingIt() {
        UriOptions options = UriOptions.of(Stores.parse("x:a?twice=1&twice=2"));

        assertThatThrownBy(() -> options.get("twice")).hasMessageContaining("'twice' is given 2 times");
    }

    @Test
    void messagesShowWhatWasTypedHidingOnlySecrets() {
        assertThat(UriOptions.redacted(Stores.parse("file:./d?durabilty=flush&lenient")))
                .isEqualTo("file:./d?durabilty=flush&lenient");
        assertThat(UriOptions.redacted(Stores.parse("kafka://h:9092/t?sasl.jaas.config=x%3Dy&client.id=me"
                + "&ssl.key.password=p&ssl.keystore.key=k&sasl.oauthbearer.client.credentials.client.secret=s")))
                .isEqualTo("kafka://h:9092/t?sasl.jaas.config=***&client.id=me&ssl.key.password=***"
                        + "&ssl.keystore.key=***&sasl.oauthbearer.client.credentials.client.secret=***");
    }

    @Test
    void aUnionsMembersAreShownDecodedWithTheirOwnSecretsHidden() {
        String member = "kafka://h:9092/t?ssl.truststore.password=hunter2&partitions=6";
        String union = "union:?member=file%3A.%2Fa&member=" + java.net.URLEncoder.encode(member,
                java.nio.charset.StandardCharsets.UTF_8) + "&writePolicy=all";

        assertThat(UriOptions.redacted(Stores.parse(union))).isEqualTo("union:?member=file:./a&member="
                + "kafka://h:9092/t?ssl.truststore.password=***&partitions=6&writePolicy=all");
    }
}
