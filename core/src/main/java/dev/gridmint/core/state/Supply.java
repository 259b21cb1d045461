package dev.gridmint.core.state;

/**
 * Where every token is, kept as running totals so the supply breakdown costs nothing. The
 * ledger's invariant ties them to the tables: {@code minted − burned == Σ balances + vault +
 * staked + rewardPool + vestingLocked} for GRID, and {@code creditsMinted − creditsBurned ==
 * Σ credits + escrowed} for CC.
 *
 * @param minted micro-GRID ever created
 * @param burned micro-GRID destroyed for good (slashes)
 * @param vault micro-GRID in the BME vault, backing outstanding credits
 * @param staked micro-GRID bonded or unbonding, by providers and delegators
 * @param rewardPool micro-GRID emitted as rewards and not yet claimed
 * @param vestingLocked micro-GRID of genesis grants not yet released
 * @param creditsMinted micro-CC ever created
 * @param creditsBurned micro-CC destroyed: settled to providers or refunded to GRID
 * @param escrowed micro-CC held in job escrows
 */
public record Supply(
        long minted,
        long burned,
        long vault,
        long staked,
        long rewardPool,
        long vestingLocked,
        long creditsMinted,
        long creditsBurned,
        long escrowed) {

    public static final Supply EMPTY = new Supply(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Supply {
        Checks.nonNegative(minted, "minted");
        Checks.nonNegative(burned, "burned");
        Checks.nonNegative(vault, "vault");
        Checks.nonNegative(staked, "staked");
        Checks.nonNegative(rewardPool, "reward pool");
        Checks.nonNegative(vestingLocked, "vesting locked");
        Checks.nonNegative(creditsMinted, "credits minted");
        Checks.nonNegative(creditsBurned, "credits burned");
        Checks.nonNegative(escrowed, "escrowed");
    }

    /** GRID outstanding: created and not destroyed. */
    public long outstanding() {
        return minted - burned;
    }

    /** GRID free in wallets: outstanding less everything locked in the protocol. */
    public long circulating() {
        return outstanding() - vault - staked - rewardPool - vestingLocked;
    }

    /** Credits outstanding: in wallets and escrows. */
    public long creditsOutstanding() {
        return creditsMinted - creditsBurned;
    }

    public Supply mint(long amount) {
        return new Supply(Math.addExact(minted, amount), burned, vault, staked, rewardPool, vestingLocked,
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply burn(long amount) {
        return new Supply(minted, Math.addExact(burned, amount), vault, staked, rewardPool, vestingLocked,
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply vault(long delta) {
        return new Supply(minted, burned, Math.addExact(vault, delta), staked, rewardPool, vestingLocked,
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply staked(long delta) {
        return new Supply(minted, burned, vault, Math.addExact(staked, delta), rewardPool, vestingLocked,
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply rewardPool(long delta) {
        return new Supply(minted, burned, vault, staked, Math.addExact(rewardPool, delta), vestingLocked,
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply vestingLocked(long delta) {
        return new Supply(minted, burned, vault, staked, rewardPool, Math.addExact(vestingLocked, delta),
                creditsMinted, creditsBurned, escrowed);
    }

    public Supply mintCredits(long amount) {
        return new Supply(minted, burned, vault, staked, rewardPool, vestingLocked,
                Math.addExact(creditsMinted, amount), creditsBurned, escrowed);
    }

    public Supply burnCredits(long amount) {
        return new Supply(minted, burned, vault, staked, rewardPool, vestingLocked,
                creditsMinted, Math.addExact(creditsBurned, amount), escrowed);
    }

    public Supply escrowed(long delta) {
        return new Supply(minted, burned, vault, staked, rewardPool, vestingLocked,
                creditsMinted, creditsBurned, Math.addExact(escrowed, delta));
    }
}
