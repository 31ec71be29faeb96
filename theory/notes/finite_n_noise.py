"""Finite-N fluctuations of U^T phi(x)/N left out by Eq. 48 (theory/notes/rank-two.md, section 7).

Usage: python3 theory/notes/finite_n_noise.py   (needs numpy and scipy; erf nonlinearity, symmetric M)
"""
import numpy as np
from scipy.linalg import solve_continuous_lyapunov as lyap
a2=np.pi/4
def lvar(lp,lm,N,sig=1.0,z=1.0,extra=True):
    lmin2=1+2*a2*sig**2
    k2=(lp**2-lmin2)/(2*a2); k=np.sqrt(k2)
    rho=z/(np.sqrt(N)*k)
    vp=np.array([rho,np.sqrt(1-rho**2)]); vm=np.array([-np.sqrt(1-rho**2),rho])
    M=lp*np.outer(vp,vp)+lm*np.outer(vm,vm)
    sx2=k2+sig**2
    dphi=1/np.sqrt(1+2*a2*sx2); d3=-2*a2*(1+2*a2*sx2)**-1.5; q=d3/dphi
    kb=k*vp
    A=-np.eye(2)+dphi*M+q*np.outer(kb,kb)
    S=lyap(A,-2*sig**2*np.eye(2))
    gp=q*k2; varc=sig**4*gp/(2*(gp-2)*k2)
    C=S+varc*np.outer(vp,vp)
    base=C[0,0]
    if not extra: return base
    # eta_1 covariance (N-scaled): sigma^2 [E(uu^T c1^2) - E(uu^T c1)^2], u ~ N(0,I2), h = u.kb
    y,w=np.polynomial.hermite_e.hermegauss(80); w=w/w.sum()
    U1,U2=np.meshgrid(y,y,indexing='ij'); W=np.outer(w,w)
    # basis: u_par along vp, u_perp along vm
    h=k*U1
    c1=np.exp(-a2*h**2/(1+2*a2*sig**2))/np.sqrt(1+2*a2*sig**2)
    uu=lambda f: np.array([[np.sum(W*U1*U1*f),np.sum(W*U1*U2*f)],[np.sum(W*U2*U1*f),np.sum(W*U2*U2*f)]])
    E2=uu(c1**2); E1=uu(c1)
    Sig_loc=sig**2*(E2-E1@E1)
    R=np.column_stack([vp,vm]); Sig=R@Sig_loc@R.T
    Abig=np.block([[A,M],[np.zeros((2,2)),-np.eye(2)]])
    Q=np.block([[2*sig**2*np.eye(2),np.zeros((2,2))],[np.zeros((2,2)),2*Sig]])
    X=lyap(Abig,-Q)
    return base, base+X[0,0]-S[0,0]
if False:
    print(lm,N,lvar(1.9,lm,N))

def full(lp,lm,N,sig=1.0,z=1.0):
    lmin2=1+2*a2*sig**2
    k2=(lp**2-lmin2)/(2*a2); k=np.sqrt(k2)
    rho=z/(np.sqrt(N)*k)
    vp=np.array([rho,np.sqrt(1-rho**2)]); vm=np.array([-np.sqrt(1-rho**2),rho])
    M=lp*np.outer(vp,vp)+lm*np.outer(vm,vm)
    sx2=k2+sig**2
    dphi=1/np.sqrt(1+2*a2*sx2); d3=-2*a2*(1+2*a2*sx2)**-1.5; q=d3/dphi
    kb=k*vp
    A=-np.eye(2)+dphi*M+q*np.outer(kb,kb)
    S=lyap(A,-2*sig**2*np.eye(2))
    gp=q*k2; varc=sig**4*gp/(2*(gp-2)*k2)
    y,w=np.polynomial.hermite_e.hermegauss(80); w=w/w.sum()
    U1,U2=np.meshgrid(y,y,indexing='ij'); W=np.outer(w,w)
    h=k*U1; b=1+2*a2*sig**2
    c1=np.exp(-a2*h**2/b)/np.sqrt(b); c2=c1*(-2*a2*h/b)
    uu=lambda f: np.array([[np.sum(W*U1*U1*f),np.sum(W*U1*U2*f)],[np.sum(W*U2*U1*f),np.sum(W*U2*U2*f)]])
    u=lambda f: np.array([np.sum(W*U1*f),np.sum(W*U2*f)])
    R=np.column_stack([vp,vm])
    S1=R@(sig**2*(uu(c1**2)-uu(c1)@uu(c1)))@R.T
    m2=R@u(c2)
    S2full=R@((sig**4/2)*uu(c2**2))@R.T
    S2mean=(sig**4/2)*np.outer(m2,m2)
    out={}
    for name,S1x,S2 in [('paper(mean k2 only)',0*S1,S2mean),('k1+mean k2',S1,S2mean),('k1+full k2',S1,S2full)]:
        Z=np.zeros((2,2)); I=np.eye(2)
        Ab=np.block([[A,M,M],[Z,-I,Z],[Z,Z,-2*I]])
        Q=np.block([[2*sig**2*I,Z,Z],[Z,2*S1x,Z],[Z,Z,4*S2]])
        X=lyap(Ab,-Q); out[name]=X[0,0]
    out['eq53']=S[0,0]+varc*vp[0]**2
    return out
if False:
    print(lm,N,{k:round(v,4) for k,v in full(1.9,lm,N).items()})

if __name__ == "__main__":
    print("lambda+ lambda- N: L_var by Eq. 53, + eta_1, + eta_1 + full eta_2")
    for lp, lm, n in [(1.9, -1, 512), (1.9, -2, 512), (1.9, -5, 512), (1.9, -5, 256), (2.6, -5, 256)]:
        o = full(lp, lm, n)
        print(lp, lm, n, round(float(o["eq53"]), 4), round(float(o["k1+mean k2"]), 4), round(float(o["k1+full k2"]), 4))
