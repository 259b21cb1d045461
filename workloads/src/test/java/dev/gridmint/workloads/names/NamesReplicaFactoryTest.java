package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import org.junit.jupiter.api.Test;

class NamesReplicaFactoryTest {

    private static final NamesReplicaFactory FACTORY = new NamesReplicaFactory(NamesDataset.bundled(),
            new NamesReplicaFactory.Shape(3, 8, 32, 16));

    @Test
    void everyShardOfOneSeedStartsFromTheSameTheta() {
        String shard0 = hash(FACTORY.create(5, 0, 4));

        assertThat(hash(FACTORY.create(5, 3, 4))).isEqualTo(shard0);
        assertThat(hash(FACTORY.create(5, 0, 1))).isEqualTo(shard0);
        assertThat(hash(FACTORY.create(6, 0, 4))).isNotEqualTo(shard0);
    }

    @Test
    void aBatchIsAPureFunctionOfSeedShardAndCursor() {
        Replica walked = FACTORY.create(5, 1, 4);
        for (int i = 0; i < 7; i++) {
            walked.accumulateGradients();
        }
        Replica jumped = FACTORY.create(5, 1, 4);
        jumped.seek(7);
        Replica otherShard = FACTORY.create(5, 2, 4);
        otherShard.seek(7);

        Replica.BatchLoss a = walked.accumulateGradients();
        Replica.BatchLoss b = jumped.accumulateGradients();

        assertThat(a).isEqualTo(b);
        assertThat(a.tokens()).isEqualTo(16);
        assertThat(walked.cursor()).isEqualTo(8);
        assertThat(ParameterVector.gradients(jumped.parameters()))
                .isNotEqualTo(ParameterVector.gradients(walked.parameters())); // walked accumulated 8 batches
        assertThat(otherShard.accumulateGradients().loss()).isNotEqualTo(a.loss());
    }

    @Test
    void validationLossHasNoSideEffects() {
        Replica replica = FACTORY.create(5, 0, 2);
        String before = hash(replica);

        assertThat(replica.validationLoss()).isEqualTo(replica.validationLoss()).isCloseTo(Math.log(28), 
                org.assertj.core.data.Offset.offset(0.1));
        assertThat(hash(replica)).isEqualTo(before);
        assertThat(replica.cursor()).isZero();
    }

    @Test
    void badShardsAreRejected() {
        assertThatThrownBy(() -> FACTORY.create(5, 4, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(5, 0, 1).seek(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String hash(Replica replica) {
        return ParameterVector.sha256(ParameterVector.values(replica.parameters()));
    }
}
