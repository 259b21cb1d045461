package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.nn.CausalAttention;
import dev.gridmint.workloads.nn.Gelu;
import dev.gridmint.workloads.nn.LayerNorm;
import dev.gridmint.workloads.nn.Linear;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * One pre-norm transformer block: {@code x + attention(ln1(x))}, then {@code x + mlp(ln2(x))} with a GELU
 * MLP of width {@link GptConfig#MLP_RATIO}{@code · dim}. Forward caches what backward needs, in every layer.
 */
final class Block {

    private final LayerNorm ln1;
    private final Linear qkv;
    private final CausalAttention attention;
    private final Linear attentionOut;
    private final LayerNorm ln2;
    private final Linear fc;
    private final Gelu gelu = new Gelu();
    private final Linear mlpOut;

    Block(String name, int dim, int heads, Linear qkv, Linear attentionOut, Linear fc, Linear mlpOut) {
        this.ln1 = new LayerNorm(name + ".ln1", dim);
        this.qkv = qkv;
        this.attention = new CausalAttention(dim, heads);
        this.attentionOut = attentionOut;
        this.ln2 = new LayerNorm(name + ".ln2", dim);
        this.fc = fc;
        this.mlpOut = mlpOut;
    }

    /** Parameters in order: ln1, qkv, attention output, ln2, fc, mlp output (gain/weight before bias). */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        all.addAll(ln1.parameters());
        all.addAll(qkv.parameters());
        all.addAll(attentionOut.parameters());
        all.addAll(ln2.parameters());
        all.addAll(fc.parameters());
        all.addAll(mlpOut.parameters());
        return all;
    }

    Matrix forward(Matrix x, int seqLen) {
        Matrix afterAttention = attentionOut.forward(attention.forward(qkv.forward(ln1.forward(x)), seqLen));
        afterAttention.addInPlace(x);
        Matrix out = mlpOut.forward(gelu.forward(fc.forward(ln2.forward(afterAttention))));
        out.addInPlace(afterAttention);
        return out;
    }

    Matrix backward(Matrix gradOutput) {
        Matrix gradMid = ln2.backward(fc.backward(gelu.backward(mlpOut.backward(gradOutput))));
        gradMid.addInPlace(gradOutput);
        Matrix gradInput = ln1.backward(qkv.backward(attention.backward(attentionOut.backward(gradMid))));
        gradInput.addInPlace(gradMid);
        return gradInput;
    }
}
